#include "mappers/outbox_mapper.hpp"

#include "mappers/row_mapping.hpp"
#include "mappers/sql.hpp"
#include "mappers/tables.hpp"

namespace tessera::mappers {
namespace asio = boost::asio;
namespace {

const RowMapping<domain::OutboxMessage>& rows() {
  static const RowMapping<domain::OutboxMessage> outbox{task_outbox_table(), {"created_at"}};
  return outbox;
}

namespace q {

constexpr Sql take{"task_outbox.take",
                   "SELECT {task_outbox_columns} FROM {task_outbox} ORDER BY created_at "
                   "LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr Sql remove{"task_outbox.remove",
                     "DELETE FROM {task_outbox} WHERE task_id = ANY($1::uuid[])"};
constexpr Sql count{"task_outbox.count", "SELECT count(*) FROM {task_outbox}"};

}  // namespace q

}  // namespace

asio::awaitable<void> OutboxMapper::add(db::Transaction& tx,
                                        const domain::OutboxMessage& message) const {
  co_await tx.execute(rows().insert(), rows().insert_params(message));
}

asio::awaitable<std::vector<domain::OutboxMessage>> OutboxMapper::take(db::Transaction& tx,
                                                                       std::int64_t limit) const {
  co_return co_await tx.fetch_all<domain::OutboxMessage>(query<q::take>(), limit);
}

asio::awaitable<void> OutboxMapper::remove(db::Transaction& tx,
                                           const std::vector<core::Uuid>& task_ids) const {
  if (task_ids.empty()) co_return;
  co_await tx.run(query<q::remove>(), task_ids);
}

asio::awaitable<std::int64_t> OutboxMapper::count(db::Executor& db) const {
  co_return (co_await db.run(query<q::count>())).scalar<std::int64_t>();
}

}  // namespace tessera::mappers
