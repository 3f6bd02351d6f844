#include "db/migrations/revision_graph.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace tessera::db::migrations {
namespace {

// "5c1e9b2a7d30 (5c1e9b2a7d30_create_users.sql)"
std::string described(const MigrationFile& file) {
  return file.filename.empty() ? file.revision : file.revision + " (" + file.filename + ")";
}

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<MigrationFile> files) : files_(std::move(files)) {
  index_files();
  check_parents();
  check_cycles();
  build_chain();
}

void RevisionGraph::index_files() {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const auto [it, added] = by_id_.emplace(files_[i].revision, i);
    if (!added) {
      throw RevisionGraphError("revision " + files_[i].revision + " is defined twice: in " +
                                   files_[it->second].filename + " and in " + files_[i].filename,
                               {files_[i].revision});
    }
  }
}

void RevisionGraph::check_parents() const {
  for (const auto& file : files_) {
    if (file.down_revision && !by_id_.contains(*file.down_revision)) {
      throw RevisionGraphError("revision " + described(file) + " follows " + *file.down_revision +
                                   ", which does not exist",
                               {file.revision, *file.down_revision});
    }
  }
}

// Each file has at most one parent, so a cycle is found by walking up from every file; a
// file already known to reach a base ends the walk early.
void RevisionGraph::check_cycles() const {
  std::set<std::string_view> reaches_base;
  for (const auto& start : files_) {
    std::vector<std::string_view> walk;
    const MigrationFile* file = &start;
    while (file != nullptr && !reaches_base.contains(file->revision)) {
      const auto seen = std::find(walk.begin(), walk.end(), file->revision);
      if (seen != walk.end()) {
        std::vector<std::string> cycle(seen, walk.end());
        cycle.push_back(file->revision);
        throw RevisionGraphError(
            "revisions form a cycle (each follows the next): " + core::join(cycle, " -> "),
            std::vector<std::string>(cycle.begin(), cycle.end() - 1));
      }
      walk.push_back(file->revision);
      file = file->down_revision ? find(*file->down_revision) : nullptr;
    }
    reaches_base.insert(walk.begin(), walk.end());
  }
}

// Errors found here are kept for chain(): `db heads` still works on a branched folder.
void RevisionGraph::build_chain() {
  if (files_.empty()) return;
  const std::vector<std::string> roots = bases();
  if (roots.size() > 1) {
    chain_error_.emplace("several base revisions (down_revision: none): " + core::join(roots, ", "),
                         roots);
    return;
  }
  std::map<std::string_view, std::vector<std::string>> children;
  for (const auto& file : files_) {
    if (file.down_revision) children[*file.down_revision].push_back(file.revision);
  }
  for (const auto& [parent, followers] : children) {
    if (followers.size() > 1) {
      const std::vector<std::string> tips = heads();
      chain_error_.emplace("several heads: " + core::join(tips, ", ") + " (" +
                               core::join(followers, " and ") + " follow " + std::string(parent) +
                               "; make one follow the other)",
                           tips);
      return;
    }
  }
  const MigrationFile* file = find(roots.front());
  while (file != nullptr) {
    chain_.push_back(file);
    const auto next = children.find(file->revision);
    file = next == children.end() ? nullptr : find(next->second.front());
  }
}

std::vector<std::string> RevisionGraph::heads() const {
  std::set<std::string_view> parents;
  for (const auto& file : files_) {
    if (file.down_revision) parents.insert(*file.down_revision);
  }
  std::vector<std::string> out;
  for (const auto& file : files_) {
    if (!parents.contains(file.revision)) out.push_back(file.revision);
  }
  return out;
}

std::vector<std::string> RevisionGraph::bases() const {
  std::vector<std::string> out;
  for (const auto& file : files_) {
    if (!file.down_revision) out.push_back(file.revision);
  }
  return out;
}

const std::vector<const MigrationFile*>& RevisionGraph::chain() const {
  if (chain_error_) throw *chain_error_;
  return chain_;
}

std::optional<std::string> RevisionGraph::head() const {
  const auto& files = chain();
  if (files.empty()) return std::nullopt;
  return files.back()->revision;
}

std::optional<std::string> RevisionGraph::base() const {
  const auto& files = chain();
  if (files.empty()) return std::nullopt;
  return files.front()->revision;
}

const MigrationFile* RevisionGraph::find(std::string_view revision) const {
  const auto it = by_id_.find(revision);
  return it == by_id_.end() ? nullptr : &files_[it->second];
}

const MigrationFile& RevisionGraph::resolve(std::string_view id_or_prefix) const {
  if (const MigrationFile* file = find(id_or_prefix)) return *file;
  const std::string wanted(id_or_prefix);
  if (wanted.size() < 4 || !is_hex(wanted)) {
    throw TargetError("unknown revision \"" + wanted +
                      "\" (give an id, or at least its first 4 hexadecimal digits)");
  }
  std::vector<std::string> matches;
  for (auto it = by_id_.lower_bound(wanted); it != by_id_.end() && it->first.starts_with(wanted);
       ++it) {
    matches.push_back(it->first);
  }
  if (matches.empty()) throw TargetError("no revision starts with " + wanted);
  if (matches.size() > 1) {
    throw TargetError("revision prefix " + wanted + " is ambiguous: " + core::join(matches, ", "));
  }
  return *find(matches.front());
}

std::size_t RevisionGraph::position(const std::optional<std::string>& revision) const {
  if (!revision) return 0;
  const auto& files = chain();
  const auto it = std::find_if(files.begin(), files.end(), [&](const MigrationFile* file) {
    return file->revision == *revision;
  });
  if (it == files.end()) {
    throw TargetError("revision " + *revision + " is not in the migrations folder");
  }
  return static_cast<std::size_t>(it - files.begin()) + 1;
}

}  // namespace tessera::db::migrations
