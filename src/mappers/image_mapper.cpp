#include "mappers/image_mapper.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "mappers/row_mapping.hpp"
#include "mappers/sql.hpp"
#include "mappers/tables.hpp"

namespace tessera::mappers {
namespace asio = boost::asio;
namespace {

const RowMapping<domain::Image>& image_rows() {
  static const RowMapping<domain::Image> images{
      images_table(), {"created_at", "updated_at"}, "updated_at"};
  return images;
}

const RowMapping<domain::ImageVariant>& variant_rows() {
  static const RowMapping<domain::ImageVariant> variants{
      image_variants_table(), {}, std::nullopt, {"image_id"}};
  return variants;
}

namespace q {

constexpr Sql find_by_id{"images.find_by_id",
                         "SELECT {images_columns} FROM {images} WHERE id = $1"};
constexpr Sql find_by_id_and_owner{
    "images.find_by_id_and_owner",
    "SELECT {images_columns} FROM {images} WHERE id = $1 AND owner_id = $2"};
// Ordered as ix_images_owner_created, read backwards; id breaks ties of created_at.
constexpr Sql page_by_owner{"images.page_by_owner",
                            "SELECT {images_columns} FROM {images} WHERE owner_id = $1 "
                            "ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $2"};
constexpr Sql count_by_owner{"images.count_by_owner",
                             "SELECT count(*) FROM {images} WHERE owner_id = $1"};
constexpr Sql erase{"images.erase",
                    "DELETE FROM {images} WHERE id = $1 AND owner_id = $2 "
                    "RETURNING {images_columns}"};
// Only an image without a final status changes: a late run cannot undo `failed`, nor a
// failure `ready`.
constexpr Sql set_status_if_unfinished{
    "images.set_status_if_unfinished",
    "UPDATE {images} SET status = $2, error = $3, updated_at = now() "
    "WHERE id = $1 AND status IN ('pending', 'processing')"};
// Images without a final status, untouched for $1 seconds, whose task is not waiting in the
// outbox (which would send it).
constexpr Sql unfinished{
    "images.unfinished",
    "SELECT {images_columns} FROM {images} i "
    "WHERE status IN ('pending', 'processing') "
    "AND updated_at < now() - make_interval(secs => $1) "
    "AND NOT EXISTS (SELECT 1 FROM {task_outbox} o WHERE o.task_id = i.task_id) "
    "ORDER BY updated_at LIMIT $2"};
constexpr Sql existing{"images.existing", "SELECT id FROM {images} WHERE id = ANY($1::uuid[])"};
constexpr Sql touch{"images.touch", "UPDATE {images} SET updated_at = now() WHERE id = $1"};
constexpr Sql erase_by_owner{"images.erase_by_owner",
                             "DELETE FROM {images} WHERE owner_id = $1 RETURNING {images_columns}"};

// The variants of several images in one statement: $1 is a uuid[].
constexpr Sql variants_of{"image_variants.of_images",
                          "SELECT {image_variants_columns} FROM {image_variants} "
                          "WHERE image_id = ANY($1::uuid[])"};
constexpr Sql erase_variants{"image_variants.erase",
                             "DELETE FROM {image_variants} WHERE image_id = $1 "
                             "RETURNING {image_variants_columns}"};
constexpr Sql erase_owned_variants{"image_variants.erase_owned",
                                   "DELETE FROM {image_variants} WHERE image_id = "
                                   "(SELECT id FROM {images} WHERE id = $1 AND owner_id = $2) "
                                   "RETURNING {image_variants_columns}"};
constexpr Sql erase_variants_by_owner{
    "image_variants.erase_by_owner",
    "DELETE FROM {image_variants} WHERE image_id IN (SELECT id FROM {images} WHERE owner_id = $1) "
    "RETURNING {image_variants_columns}"};

}  // namespace q

using VariantsByImage = std::map<core::Uuid, std::vector<domain::ImageVariant>>;

void sort_smallest_first(std::vector<domain::ImageVariant>& variants) {
  std::sort(variants.begin(), variants.end(), [](const auto& a, const auto& b) {
    return std::tie(a.width, a.name) < std::tie(b.width, b.name);
  });
}

// Rows of image_variants (their image_id included) grouped by image, each group smallest first.
VariantsByImage group_by_image(const db::Result& rows) {
  auto variants = rows.as<domain::ImageVariant>();
  const int image_id = rows.column_index("image_id");
  VariantsByImage groups;
  for (int row = 0; row < rows.rows(); ++row)
    groups[rows.get<core::Uuid>(row, image_id)].push_back(std::move(variants[row]));
  for (auto& [id, group] : groups) sort_smallest_first(group);
  return groups;
}

void attach(std::vector<domain::Image>& images, VariantsByImage groups) {
  for (auto& image : images) image.variants = std::move(groups[image.id]);
}

}  // namespace

asio::awaitable<domain::Image> ImageMapper::insert(db::Transaction& tx,
                                                   const domain::Image& image) const {
  domain::Image row = image;
  if (row.id.is_nil()) row.id = core::Uuid::random();
  auto stored = co_await tx.fetch_one_bound<domain::Image>(image_rows().insert(),
                                                           image_rows().insert_params(row));
  if (!image.variants.empty()) {
    co_await insert_variants(tx, stored.id, image.variants);
    stored.variants = image.variants;
    sort_smallest_first(stored.variants);
  }
  co_return stored;
}

asio::awaitable<std::optional<domain::Image>> ImageMapper::find_by_id(db::Executor& db,
                                                                      core::Uuid id) const {
  auto image = co_await db.fetch_optional<domain::Image>(query<q::find_by_id>(), id);
  if (image) image->variants = co_await variants(db, id);
  co_return image;
}

asio::awaitable<std::optional<domain::Image>> ImageMapper::find_by_id_and_owner(
    db::Executor& db, core::Uuid id, core::Uuid owner) const {
  auto image =
      co_await db.fetch_optional<domain::Image>(query<q::find_by_id_and_owner>(), id, owner);
  if (image) image->variants = co_await variants(db, id);
  co_return image;
}

asio::awaitable<domain::Page<domain::Image>> ImageMapper::page_by_owner(db::Transaction& tx,
                                                                        core::Uuid owner,
                                                                        std::int64_t skip,
                                                                        std::int64_t limit) const {
  domain::Page<domain::Image> page;
  page.items = co_await tx.fetch_all<domain::Image>(query<q::page_by_owner>(), owner, skip, limit);
  page.total = (co_await tx.run(query<q::count_by_owner>(), owner)).scalar<std::int64_t>();
  co_await load_variants(tx, page.items);
  co_return page;
}

asio::awaitable<bool> ImageMapper::update(db::Executor& db, core::Uuid id,
                                          const domain::ImagePatch& patch) const {
  RowChange change = change_of(patch);
  db::Params params{db::to_param(id)};
  params.insert(params.end(), change.values.begin(), change.values.end());
  const auto result = co_await db.execute(image_rows().update(change), std::move(params));
  co_return result.affected() > 0;
}

asio::awaitable<bool> ImageMapper::set_status_if_unfinished(
    db::Executor& db, core::Uuid id, domain::ImageStatus status,
    std::optional<std::string> error) const {
  const auto result = co_await db.run(query<q::set_status_if_unfinished>(), id,
                                      std::string(domain::to_string(status)), std::move(error));
  co_return result.affected() > 0;
}

asio::awaitable<std::vector<domain::Image>> ImageMapper::unfinished(
    db::Executor& db, std::chrono::seconds untouched_for, std::int64_t limit) const {
  co_return co_await db.fetch_all<domain::Image>(query<q::unfinished>(),
                                                 static_cast<double>(untouched_for.count()), limit);
}

asio::awaitable<std::vector<core::Uuid>> ImageMapper::existing(
    db::Executor& db, const std::vector<core::Uuid>& ids) const {
  if (ids.empty()) co_return std::vector<core::Uuid>{};
  co_return co_await db.fetch_all<core::Uuid>(query<q::existing>(), ids);
}

asio::awaitable<void> ImageMapper::touch(db::Transaction& tx, core::Uuid id) const {
  co_await tx.run(query<q::touch>(), id);
}

asio::awaitable<void> ImageMapper::replace_variants(
    db::Transaction& tx, core::Uuid image_id,
    const std::vector<domain::ImageVariant>& variants) const {
  co_await tx.run(query<q::erase_variants>(), image_id);
  co_await insert_variants(tx, image_id, variants);
}

asio::awaitable<std::vector<domain::ImageVariant>> ImageMapper::variants(
    db::Executor& db, core::Uuid image_id) const {
  const std::vector<core::Uuid> ids{image_id};
  auto groups = group_by_image(co_await db.run(query<q::variants_of>(), ids));
  co_return std::move(groups[image_id]);
}

asio::awaitable<std::optional<domain::Image>> ImageMapper::erase(db::Transaction& tx, core::Uuid id,
                                                                 core::Uuid owner) const {
  // The variants first: the image's cascade would take them without saying which they were.
  auto groups = group_by_image(co_await tx.run(query<q::erase_owned_variants>(), id, owner));
  auto image = co_await tx.fetch_optional<domain::Image>(query<q::erase>(), id, owner);
  if (image) image->variants = std::move(groups[id]);
  co_return image;
}

asio::awaitable<std::vector<domain::Image>> ImageMapper::erase_by_owner(db::Transaction& tx,
                                                                        core::Uuid owner) const {
  auto groups = group_by_image(co_await tx.run(query<q::erase_variants_by_owner>(), owner));
  auto images = co_await tx.fetch_all<domain::Image>(query<q::erase_by_owner>(), owner);
  attach(images, std::move(groups));
  co_return images;
}

asio::awaitable<void> ImageMapper::insert_variants(
    db::Transaction& tx, core::Uuid image_id,
    const std::vector<domain::ImageVariant>& variants) const {
  // One statement per variant: an image has a handful (IMAGE_VARIANTS).
  for (const auto& v : variants) {
    db::Params image{db::to_param(image_id)};
    co_await tx.execute(variant_rows().insert(), variant_rows().insert_params(v, std::move(image)));
  }
}

asio::awaitable<void> ImageMapper::load_variants(db::Executor& db,
                                                 std::vector<domain::Image>& images) const {
  if (images.empty()) co_return;
  std::vector<core::Uuid> ids;
  ids.reserve(images.size());
  for (const auto& image : images) ids.push_back(image.id);
  attach(images, group_by_image(co_await db.run(query<q::variants_of>(), ids)));
}

}  // namespace tessera::mappers
