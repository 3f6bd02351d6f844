#pragma once
// What `tessera db upgrade` and `downgrade` run: the steps between the database's current
// revision and a target, each with its SQL and the version table's value before and after.
// The runner executes each step in its own transaction; nothing here touches a database.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/migrations/revision_graph.hpp"

namespace tessera::db::migrations {

enum class Direction { upgrade, downgrade };

std::string_view to_string(Direction direction);  // "upgrade", "downgrade"

struct Step {
  std::string revision;  // the migration whose part runs
  Direction direction;
  std::string sql;  // its upgrade or downgrade part
  std::string message;
  std::optional<std::string> version_before;  // none: the version table is empty
  std::optional<std::string> version_after;

  friend bool operator==(const Step&, const Step&) = default;
};

struct Plan {
  Direction direction = Direction::upgrade;
  std::optional<std::string> current;  // before the first step; none is the base
  std::optional<std::string> target;   // after the last step
  std::vector<Step> steps;             // empty when the database is already there

  bool empty() const { return steps.empty(); }
};

// `target`: "head", "+N" (N >= 1 revisions forward), or a revision id or unique prefix of at
// least 4 digits, at or after `current`. Throws TargetError for a target behind `current`,
// past the head, unknown or ambiguous, or a `current` not in the folder; RevisionGraphError
// when the folder has several heads or bases.
Plan plan_upgrade(const RevisionGraph& graph, const std::optional<std::string>& current,
                  std::string_view target);

// `target`: "-N" (N >= 1 revisions back), "base", or a revision id or prefix at or before
// `current`. Throws as plan_upgrade does, and for -N past the base.
Plan plan_downgrade(const RevisionGraph& graph, const std::optional<std::string>& current,
                    std::string_view target);

}  // namespace tessera::db::migrations
