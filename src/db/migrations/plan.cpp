#include "db/migrations/plan.hpp"

#include <charconv>

namespace tessera::db::migrations {
namespace {

// "+3" -> 3 for sign '+'; nullopt when `text` is not the sign and a positive number.
std::optional<std::size_t> relative_count(std::string_view text, char sign) {
  if (text.size() < 2 || text.front() != sign) return std::nullopt;
  std::size_t count = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data() + 1, end, count);
  if (error != std::errc() || ptr != end || count == 0) return std::nullopt;
  return count;
}

std::string revisions(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " revision" : " revisions");
}

std::string name_of(const std::optional<std::string>& revision) {
  return revision.value_or("base");
}

// Steps from chain position `from` to `to` (0 is the base, i is after the i-th file).
Plan make_plan(const RevisionGraph& graph, std::size_t from, std::size_t to) {
  const auto& chain = graph.chain();
  const auto revision_at = [&](std::size_t position) -> std::optional<std::string> {
    if (position == 0) return std::nullopt;
    return chain[position - 1]->revision;
  };
  Plan plan{.direction = to >= from ? Direction::upgrade : Direction::downgrade,
            .current = revision_at(from),
            .target = revision_at(to)};
  for (std::size_t p = from; p < to; ++p) {
    const MigrationFile& file = *chain[p];
    plan.steps.push_back({file.revision, Direction::upgrade, file.upgrade_sql, file.message,
                          revision_at(p), file.revision});
  }
  for (std::size_t p = from; p > to; --p) {
    const MigrationFile& file = *chain[p - 1];
    plan.steps.push_back({file.revision, Direction::downgrade, file.downgrade_sql, file.message,
                          file.revision, revision_at(p - 1)});
  }
  return plan;
}

}  // namespace

std::string_view to_string(Direction direction) {
  return direction == Direction::upgrade ? "upgrade" : "downgrade";
}

Plan plan_upgrade(const RevisionGraph& graph, const std::optional<std::string>& current,
                  std::string_view target) {
  const std::size_t from = graph.position(current);
  const std::size_t head = graph.chain().size();
  if (target == "head") return make_plan(graph, from, head);
  if (const auto count = relative_count(target, '+')) {
    if (*count > head - from) {
      throw TargetError("cannot upgrade " + std::string(target) + ": " + name_of(current) + " is " +
                        revisions(head - from) + " behind the head");
    }
    return make_plan(graph, from, from + *count);
  }
  if (target.starts_with('+') || target.starts_with('-') || target == "base") {
    throw TargetError("bad upgrade target \"" + std::string(target) +
                      "\" (expected head, +N or a revision)");
  }
  const std::string& revision = graph.resolve(target).revision;
  const std::size_t to = graph.position(revision);
  if (to < from) {
    throw TargetError("cannot upgrade to " + revision + ": it is behind the current revision " +
                      name_of(current) + " (use downgrade)");
  }
  return make_plan(graph, from, to);
}

Plan plan_downgrade(const RevisionGraph& graph, const std::optional<std::string>& current,
                    std::string_view target) {
  const std::size_t from = graph.position(current);
  if (target == "base") return make_plan(graph, from, 0);
  if (const auto count = relative_count(target, '-')) {
    if (*count > from) {
      throw TargetError("cannot downgrade " + std::string(target) + ": " + name_of(current) +
                        " is " + revisions(from) + " above the base");
    }
    return make_plan(graph, from, from - *count);
  }
  if (target.starts_with('+') || target.starts_with('-') || target == "head") {
    throw TargetError("bad downgrade target \"" + std::string(target) +
                      "\" (expected -N, base or a revision)");
  }
  const std::string& revision = graph.resolve(target).revision;
  const std::size_t to = graph.position(revision);
  if (to > from) {
    throw TargetError("cannot downgrade to " + revision + ": it is ahead of the current revision " +
                      name_of(current) + " (use upgrade)");
  }
  return make_plan(graph, from, to);
}

}  // namespace tessera::db::migrations
