#include "db/migrate_commands.hpp"

#include <iostream>

#include "core/errors.hpp"
#include "core/run_to_completion.hpp"
#include "db/errors.hpp"
#include "db/migrations/migration_dir.hpp"
#include "db/migrations/offline_sql.hpp"
#include "db/migrator.hpp"

namespace tessera::db {
namespace {

namespace asio = boost::asio;
using namespace migrations;

// Runs `body` and turns every expected failure into one line on stderr and exit status 1.
int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const MigrationError& e) {
    std::cerr << "tessera db: " << e.what() << "\n";
  } catch (const core::UnavailableError& e) {
    std::cerr << "tessera db: " << e.what() << "\n";
  } catch (const DbError& e) {
    std::cerr << "tessera db: " << e.what() << "\n";
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "tessera db: " << e.what() << "\n";
  }
  return 1;
}

// Connects and runs `work` with a Migrator to completion.
template <class T>
T with_migrator(const MigrationCommands& commands,
                std::function<asio::awaitable<T>(Migrator&)> work) {
  return core::run_to_completion([&](asio::any_io_executor executor) -> asio::awaitable<T> {
    auto connection = co_await Connection::connect(executor, commands.connect);
    Migrator migrator(*connection, commands.dir,
                      [](const std::string& line) { std::cout << line << "\n"; });
    co_return co_await work(migrator);
  });
}

// "FROM:TO" of offline mode; FROM "base" or empty is the base.
std::pair<std::optional<std::string>, std::string> split_range(const std::string& target) {
  const auto colon = target.find(':');
  if (colon == std::string::npos) return {std::nullopt, target};
  std::string from = target.substr(0, colon);
  return {from.empty() || from == "base" ? std::nullopt : std::optional(from),
          target.substr(colon + 1)};
}

int offline(const MigrationCommands& commands, Direction direction, const std::string& target) {
  const auto graph = load_revision_graph(commands.dir);
  auto [from, to] = split_range(target);
  if (direction == Direction::downgrade && target.find(':') == std::string::npos)
    throw TargetError(
        "downgrade --sql needs FROM:TO (offline mode cannot ask the database where it is)");
  if (from) from = graph.resolve(*from).revision;
  const Plan plan = direction == Direction::upgrade ? plan_upgrade(graph, from, to)
                                                    : plan_downgrade(graph, from, to);
  std::cout << render_offline_sql(plan);
  return 0;
}

std::string label(const RevisionGraph& graph, const std::string& revision) {
  return revision + (graph.head() == revision ? " (head)" : "");
}

}  // namespace

int MigrationCommands::init() const {
  return guarded([&] {
    init_migration_dir(dir);
    std::cout << "Created " << dir.string() << " with its README.md\n";
    return 0;
  });
}

int MigrationCommands::upgrade(const std::string& target, bool sql_only) const {
  return migrate(Direction::upgrade, target, sql_only);
}

int MigrationCommands::downgrade(const std::string& target, bool sql_only) const {
  return migrate(Direction::downgrade, target, sql_only);
}

int MigrationCommands::migrate(Direction direction, const std::string& target,
                               bool sql_only) const {
  return guarded([&] {
    if (sql_only) return offline(*this, direction, target);
    const auto plan = with_migrator<Plan>(*this, [&](Migrator& m) {
      return direction == Direction::upgrade ? m.upgrade(target) : m.downgrade(target);
    });
    if (plan.empty())
      std::cout << "Already at " << plan.target.value_or("base") << ": nothing to do\n";
    return 0;
  });
}

namespace {

// What the declared schema has that the database at `head` has not (or the reverse).
std::vector<Change> pending_changes(const MigrationCommands& commands,
                                    const std::optional<std::string>& head) {
  return with_migrator<std::vector<Change>>(
      commands, [&](Migrator& m) -> asio::awaitable<std::vector<Change>> {
        if (co_await m.current() != head)
          throw TargetError(
              "the database is not at the head revision: run `tessera db upgrade head` first");
        co_return co_await m.compare(commands.declared());
      });
}

}  // namespace

int MigrationCommands::revision(const std::string& message, bool autogenerate) const {
  return guarded([&] {
    const auto graph = load_revision_graph(dir);
    const auto parent = graph.head();
    std::string up, down;
    if (autogenerate) {
      const auto changes = pending_changes(*this, parent);
      if (changes.empty()) {
        std::cout << "No changes in schema detected; no migration written\n";
        return 0;
      }
      for (const auto& change : changes) std::cout << "Detected " << change.description << "\n";
      up = upgrade_sql(changes);
      down = downgrade_sql(changes);
    }
    const auto path = write_migration(dir, new_migration(message, parent, up, down));
    std::cout << "Generated " << path.string() << "\n";
    return 0;
  });
}

int MigrationCommands::current() const {
  return guarded([&] {
    const auto graph = load_revision_graph(dir);
    const auto at =
        with_migrator<std::optional<std::string>>(*this, [](Migrator& m) { return m.current(); });
    std::cout << (at ? label(graph, *at) : std::string("base (no migration applied)")) << "\n";
    return 0;
  });
}

int MigrationCommands::history() const {
  return guarded([&] {
    const auto graph = load_revision_graph(dir);
    const auto& chain = graph.chain();
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const MigrationFile& file = **it;
      std::cout << file.down_revision.value_or("<base>") << " -> " << label(graph, file.revision)
                << ", " << file.message << "\n";
    }
    return 0;
  });
}

int MigrationCommands::check() const {
  return guarded([&] {
    const auto changes = pending_changes(*this, load_revision_graph(dir).head());
    if (changes.empty()) {
      std::cout << "No new upgrade operations detected: the migrations match the code\n";
      return 0;
    }
    for (const auto& change : changes) std::cout << "Detected " << change.description << "\n";
    std::cerr << "tessera db check: " << changes.size()
              << " difference(s) between the schema declared in code and the migrations; "
                 "write a migration with `tessera db revision -m MESSAGE --autogenerate`\n";
    return 1;
  });
}

int MigrationCommands::heads() const {
  return guarded([&] {
    const auto graph = load_revision_graph(dir);
    for (const auto& head : graph.heads()) std::cout << head << " (head)\n";
    return 0;
  });
}

}  // namespace tessera::db
