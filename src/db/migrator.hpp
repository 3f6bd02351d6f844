#pragma once
// Runs migrations against a live database: the version table, the plans of
// db/migrations/plan.hpp executed one step per transaction, all under an advisory lock so
// that two migrators never interleave (the second waits, then finds nothing to do).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "db/connection.hpp"
#include "db/migrations/change.hpp"
#include "db/migrations/plan.hpp"
#include "db/schema_model.hpp"

namespace tessera::db {

class Migrator {
 public:
  // `report` gets one line per step ("Running upgrade  -> 5c1e9b2a7d30, create users").
  Migrator(Connection& connection, std::filesystem::path dir,
           std::function<void(const std::string&)> report);

  // The revision the database is at; none for the base (no version table or no row).
  boost::asio::awaitable<std::optional<std::string>> current();
  // Apply the steps to `target` ("head", "+N", an id) or back to it ("-N", "base", an id).
  boost::asio::awaitable<migrations::Plan> upgrade(std::string_view target);
  boost::asio::awaitable<migrations::Plan> downgrade(std::string_view target);
  // The differences between `declared` and the live schema (autogenerate).
  boost::asio::awaitable<std::vector<migrations::Change>> compare(const SchemaModel& declared);

 private:
  boost::asio::awaitable<migrations::Plan> run(migrations::Direction direction,
                                               std::string_view target);
  boost::asio::awaitable<void> apply(const migrations::Step& step);

  Connection& connection_;
  std::filesystem::path dir_;
  std::function<void(const std::string&)> report_;
};

}  // namespace tessera::db
