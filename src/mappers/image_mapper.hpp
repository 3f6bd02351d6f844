#pragma once
// Loads and stores domain::Image in images, with its variants in image_variants. An image
// is always loaded with its variants. Every verb runs on the executor its caller gives;
// co_await it at once, since its arguments are read only when it runs. A verb of several
// statements takes a transaction: it is one unit of work with the caller's others.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/executor.hpp"
#include "db/transaction.hpp"
#include "domain/image.hpp"
#include "domain/page.hpp"

namespace tessera::mappers {

class ImageMapper {
 public:
  // The stored image with its timestamps from the database and its variants. Its id is
  // image.id, or a new one when that is nil (the caller names the image's files after its
  // id, so it usually chooses the id first).
  boost::asio::awaitable<domain::Image> insert(db::Transaction& tx,
                                               const domain::Image& image) const;

  boost::asio::awaitable<std::optional<domain::Image>> find_by_id(db::Executor& db,
                                                                  core::Uuid id) const;
  // Nothing when the image is missing or belongs to someone else (API.md: both are a 404).
  boost::asio::awaitable<std::optional<domain::Image>> find_by_id_and_owner(db::Executor& db,
                                                                            core::Uuid id,
                                                                            core::Uuid owner) const;
  // The owner's images, newest first, `limit` of them after the first `skip`, and how many
  // the owner has, from one snapshot (run it in a REPEATABLE READ transaction). Three
  // statements whatever the page size: the count, the page, and the variants of the page.
  boost::asio::awaitable<domain::Page<domain::Image>> page_by_owner(db::Transaction& tx,
                                                                    core::Uuid owner,
                                                                    std::int64_t skip,
                                                                    std::int64_t limit) const;

  // Writes the patch's set fields and updated_at; false when the image is gone.
  boost::asio::awaitable<bool> update(db::Executor& db, core::Uuid id,
                                      const domain::ImagePatch& patch) const;
  // Sets the status (and error) of an image that has no final one yet (pending or
  // processing): false when the image is gone or already `ready` or `failed`, so that a
  // late or repeated run never undoes a final state.
  boost::asio::awaitable<bool> set_status_if_unfinished(
      db::Executor& db, core::Uuid id, domain::ImageStatus status,
      std::optional<std::string> error = std::nullopt) const;
  // Up to `limit` images still pending or processing that nothing touched for
  // `untouched_for` and whose task is not in the outbox, oldest first.
  boost::asio::awaitable<std::vector<domain::Image>> unfinished(db::Executor& db,
                                                                std::chrono::seconds untouched_for,
                                                                std::int64_t limit) const;
  // Those of `ids` that have a row.
  boost::asio::awaitable<std::vector<core::Uuid>> existing(
      db::Executor& db, const std::vector<core::Uuid>& ids) const;
  // Sets updated_at to now (its task was queued again).
  boost::asio::awaitable<void> touch(db::Transaction& tx, core::Uuid id) const;
  // Deletes the image's variants and stores these instead.
  boost::asio::awaitable<void> replace_variants(
      db::Transaction& tx, core::Uuid image_id,
      const std::vector<domain::ImageVariant>& variants) const;
  // Smallest first (by width, then name).
  boost::asio::awaitable<std::vector<domain::ImageVariant>> variants(db::Executor& db,
                                                                     core::Uuid image_id) const;

  // The erased image with its variants, so that the caller can delete their files after
  // the commit; nothing when there was no such image of that owner.
  boost::asio::awaitable<std::optional<domain::Image>> erase(db::Transaction& tx, core::Uuid id,
                                                             core::Uuid owner) const;
  // Every image of the owner, erased, with its variants (before the owner is deleted, whose
  // cascade would leave their files behind).
  boost::asio::awaitable<std::vector<domain::Image>> erase_by_owner(db::Transaction& tx,
                                                                    core::Uuid owner) const;

 private:
  boost::asio::awaitable<void> insert_variants(
      db::Transaction& tx, core::Uuid image_id,
      const std::vector<domain::ImageVariant>& variants) const;
  boost::asio::awaitable<void> load_variants(db::Executor& db,
                                             std::vector<domain::Image>& images) const;
};

}  // namespace tessera::mappers
