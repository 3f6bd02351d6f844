#pragma once
// Loads and stores domain::OutboxMessage in task_outbox. Several relays (one per process)
// take rows at once without waiting for each other: take() skips the rows another
// transaction has locked.

#include <cstdint>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/executor.hpp"
#include "db/transaction.hpp"
#include "domain/outbox_message.hpp"

namespace tessera::mappers {

class OutboxMapper {
 public:
  // In the transaction of the change the task belongs to.
  boost::asio::awaitable<void> add(db::Transaction& tx, const domain::OutboxMessage& message) const;
  // Up to `limit` rows, oldest first, locked until `tx` ends (FOR UPDATE SKIP LOCKED).
  boost::asio::awaitable<std::vector<domain::OutboxMessage>> take(db::Transaction& tx,
                                                                  std::int64_t limit) const;
  boost::asio::awaitable<void> remove(db::Transaction& tx,
                                      const std::vector<core::Uuid>& task_ids) const;
  boost::asio::awaitable<std::int64_t> count(db::Executor& db) const;
};

}  // namespace tessera::mappers
