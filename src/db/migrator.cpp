#include "db/migrator.hpp"

#include "db/catalog.hpp"
#include "db/errors.hpp"
#include "db/migrations/diff.hpp"
#include "db/migrations/migration_dir.hpp"
#include "db/migrations/offline_sql.hpp"

namespace tessera::db {
namespace {

namespace asio = boost::asio;
using migrations::default_version_table;

// An arbitrary constant shared by every migrator of this schema.
constexpr std::string_view lock_sql = "SELECT pg_advisory_lock(7410452396012347)";
constexpr std::string_view unlock_sql = "SELECT pg_advisory_unlock(7410452396012347)";

constexpr Query version_exists{"migrations_version_exists",
                               "SELECT to_regclass('tessera_version') IS NOT NULL"};
constexpr Query version_read{"migrations_version_read", "SELECT version_num FROM tessera_version"};

std::string describe_step(const migrations::Step& step) {
  return "Running " + std::string(migrations::to_string(step.direction)) + " " +
         step.version_before.value_or("") + " -> " + step.version_after.value_or("") + ", " +
         step.message;
}

}  // namespace

Migrator::Migrator(Connection& connection, std::filesystem::path dir,
                   std::function<void(const std::string&)> report)
    : connection_(connection), dir_(std::move(dir)), report_(std::move(report)) {}

asio::awaitable<std::optional<std::string>> Migrator::current() {
  const Result exists = co_await connection_.execute(version_exists, Params());
  if (!exists.scalar<bool>()) co_return std::nullopt;
  const Result row = co_await connection_.execute(version_read, Params());
  co_return row.first<std::string>();
}

asio::awaitable<migrations::Plan> Migrator::upgrade(std::string_view target) {
  co_return co_await run(migrations::Direction::upgrade, target);
}

asio::awaitable<migrations::Plan> Migrator::downgrade(std::string_view target) {
  co_return co_await run(migrations::Direction::downgrade, target);
}

asio::awaitable<migrations::Plan> Migrator::run(migrations::Direction direction,
                                                std::string_view target) {
  const auto graph = migrations::load_revision_graph(dir_);
  co_await connection_.execute_script(lock_sql);
  std::optional<migrations::Plan> plan;
  std::exception_ptr failure;
  try {
    co_await connection_.execute_script(migrations::version_table_ddl());
    const auto at = co_await current();
    plan = direction == migrations::Direction::upgrade
               ? migrations::plan_upgrade(graph, at, target)
               : migrations::plan_downgrade(graph, at, target);
    for (const auto& step : plan->steps) co_await apply(step);
  } catch (...) {
    failure = std::current_exception();
  }
  // A failed step leaves its transaction open and aborted: nothing of it stays. The lock is
  // the session's, so a lost connection releases it too.
  if (!connection_.broken()) {
    if (connection_.in_transaction()) co_await connection_.execute_script("ROLLBACK");
    co_await connection_.execute_script(unlock_sql);
  }
  if (failure) std::rethrow_exception(failure);
  co_return std::move(*plan);
}

asio::awaitable<void> Migrator::apply(const migrations::Step& step) {
  report_(describe_step(step));
  const std::string script =
      "BEGIN;\n" + step.sql + "\n" + migrations::version_update_sql(step) + "\nCOMMIT;";
  try {
    co_await connection_.execute_script(script);
  } catch (const DbError& e) {
    throw DbError(e.sqlstate(),
                  "migration " + step.revision + " (" + step.message + ") failed: " + e.what());
  }
}

asio::awaitable<std::vector<migrations::Change>> Migrator::compare(const SchemaModel& declared) {
  const std::vector<std::string> ignored{std::string(default_version_table)};
  const SchemaModel live = co_await read_catalog(connection_, ignored);
  co_return migrations::diff(declared, live);
}

}  // namespace tessera::db
