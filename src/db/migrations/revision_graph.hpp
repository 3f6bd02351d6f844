#pragma once
// The migrations of a folder as a graph: each file follows its down_revision. The files must
// make one chain from a base (down_revision none) to a head; anything else is an error that
// names the revisions involved.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/migrations/errors.hpp"
#include "db/migrations/migration_file.hpp"

namespace tessera::db::migrations {

class RevisionGraph {
 public:
  // Throws RevisionGraphError for ids defined twice, a down_revision that does not exist
  // and cycles: a graph that cannot be read at all. Several bases or heads are reported by
  // chain(), so that `db heads` can still list them.
  explicit RevisionGraph(std::vector<MigrationFile> files);

  bool empty() const { return files_.empty(); }
  const std::vector<MigrationFile>& files() const { return files_; }

  // Revisions no other follows, in file order.
  std::vector<std::string> heads() const;
  // Revisions following none, in file order.
  std::vector<std::string> bases() const;

  // From the base to the head. Throws RevisionGraphError for two bases or two heads. Empty
  // when there are no files.
  const std::vector<const MigrationFile*>& chain() const;
  std::optional<std::string> head() const;  // none when empty
  std::optional<std::string> base() const;

  const MigrationFile* find(std::string_view revision) const;
  // A full id, or a prefix of at least 4 characters that only one revision starts with.
  // Throws TargetError naming the candidates when none or several match.
  const MigrationFile& resolve(std::string_view id_or_prefix) const;
  // 0 for none (the base of the database), 1 for the first revision of the chain, ...
  // Throws TargetError for a revision that is not in the folder.
  std::size_t position(const std::optional<std::string>& revision) const;

 private:
  void index_files();
  void check_parents() const;
  void check_cycles() const;
  void build_chain();

  std::vector<MigrationFile> files_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
  std::vector<const MigrationFile*> chain_;
  std::optional<RevisionGraphError> chain_error_;
};

}  // namespace tessera::db::migrations
