#include "services/images.hpp"

#include <algorithm>
#include <exception>

#include <boost/json/array.hpp>

#include "core/cpu_pool.hpp"
#include "core/errors.hpp"
#include "core/logging.hpp"
#include "db/errors.hpp"
#include "media/errors.hpp"
#include "media/file_source.hpp"
#include "media/image_probe.hpp"
#include "services/errors.hpp"
#include "tasks/process_image_args.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

[[noreturn]] void not_found() {
  throw NotFound("Image not found");
}

// An insert whose owner was deleted meanwhile (the foreign key refused it) is the request of
// a user who no longer exists; anything else travels on as it is.
[[noreturn]] void rethrow_upload_failure(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const db::DbError& e) {
    if (e.sqlstate() == "23503") throw Unauthorized("Could not validate credentials");
    throw;
  }
}

}  // namespace

Images::Images(ImagesDeps deps, ImagesConfig config)
    : deps_(deps),
      config_(std::move(config)),
      uploads_("tessera:uploads:", config_.uploads_per_minute, std::chrono::minutes(1)) {}

asio::awaitable<void> Images::count_upload(core::Uuid owner) {
  const std::string key = owner.str();
  const auto decision = co_await uploads_.hit(deps_.redis.local(), key);
  if (!decision.allowed) throw TooMany("Too many uploads; try again later", decision.retry_after);
}

asio::awaitable<domain::Image> Images::upload(core::Uuid owner, media::PendingFile file,
                                              std::string filename) {
  const std::uint64_t size = file.size();
  try {
    auto image = co_await store(owner, file, std::move(filename));
    accepted_.fetch_add(1, std::memory_order_relaxed);
    accepted_bytes_.fetch_add(size, std::memory_order_relaxed);
    co_return image;
  } catch (const Error&) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    throw;
  }
}

asio::awaitable<void> Images::write_upload(media::PendingFile& file, std::string_view bytes) {
  auto write = [&file, bytes] { file.write(bytes); };
  co_await deps_.cpu.run(std::move(write));
}

void Images::collect(core::MetricsWriter& out) const {
  out.family("tessera_image_uploads_total", "counter",
             "Image uploads: accepted (stored and queued) or refused (415, 422).");
  out.sample("tessera_image_uploads_total", {{"outcome", "accepted"}},
             static_cast<double>(accepted_.load(std::memory_order_relaxed)));
  out.sample("tessera_image_uploads_total", {{"outcome", "refused"}},
             static_cast<double>(refused_.load(std::memory_order_relaxed)));
  out.family("tessera_image_upload_bytes_total", "counter", "Bytes of the accepted uploads.");
  out.sample("tessera_image_upload_bytes_total", {},
             static_cast<double>(accepted_bytes_.load(std::memory_order_relaxed)));
}

asio::awaitable<domain::Image> Images::store(core::Uuid owner, media::PendingFile& file,
                                             std::string filename) {
  const auto format = media::sniff_image_format(file.head());
  if (!format) throw UnsupportedFormat("The file is not a JPEG, PNG, WebP or GIF image");
  media::ImageHeader header;
  try {
    // Lambdas are bound to a local first: g++ 12 mishandles them as temporaries in co_await.
    auto probe = [path = file.path()] { return media::probe_image(path); };
    header = co_await deps_.cpu.run(std::move(probe));
  } catch (const media::CorruptImageError& e) {
    throw Unprocessable(e.what());
  }
  if (header.format != *format) throw Unprocessable("The image file is corrupt");
  if (const auto problem = media::check_dimensions(header, config_.min_side, config_.max_pixels))
    throw Unprocessable(*problem);

  const core::Uuid id = core::Uuid::random();
  domain::Image image{.id = id,
                      .owner_id = owner,
                      .original_filename = std::move(filename),
                      .content_type = std::string(media::content_type(*format)),
                      .size_bytes = static_cast<std::int64_t>(file.size()),
                      .width = header.width,
                      .height = header.height,
                      .status = domain::ImageStatus::pending,
                      .storage_key = media::MediaStorage::original_key(id, *format),
                      .task_id = core::Uuid::random()};
  // fsync and rename: disk work, off the I/O thread.
  auto commit = [&file, key = image.storage_key] { file.commit(key); };
  co_await deps_.cpu.run(std::move(commit));
  std::exception_ptr failure;
  try {
    // The owner may ask for the task's status as soon as the answer arrives.
    co_await deps_.tasks.record(*image.task_id, owner, tasks::ProcessImageArgs::task);
    // The row and its processing task: both, or neither (the outbox relay queues the task).
    queue::EnqueueOptions options;
    options.task_id = image.task_id;
    options.queue = config_.task_queue;
    const tasks::ProcessImageArgs args{.image_id = id};
    auto tx = co_await deps_.db.local().begin();
    image = co_await images_.insert(tx, image);
    co_await deps_.outbox.add(tx, args, std::move(options));
    co_await tx.commit();
    deps_.outbox.committed();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    // No row: its stored original must go too.
    std::vector<core::Uuid> ids{id};
    co_await remove_files(std::move(ids));
    rethrow_upload_failure(failure);
  }
  co_return image;
}

asio::awaitable<domain::Page<domain::Image>> Images::page(core::Uuid owner, std::int64_t skip,
                                                          std::int64_t limit) {
  // One snapshot: the count is that of the rows the page was taken from.
  auto tx = co_await deps_.db.local().begin(db::Isolation::repeatable_read);
  auto page = co_await images_.page_by_owner(tx, owner, skip, limit);
  co_await tx.commit();
  co_return page;
}

asio::awaitable<domain::Image> Images::get(core::Uuid owner, core::Uuid id) {
  auto image = co_await images_.find_by_id_and_owner(deps_.db.local(), id, owner);
  if (!image) not_found();
  co_return std::move(*image);
}

asio::awaitable<StoredFile> Images::file(core::Uuid owner, core::Uuid id, std::string name) {
  const domain::Image image = co_await get(owner, id);
  StoredFile out;
  std::string key;
  if (name == "original") {
    key = image.storage_key;
    out.content_type = image.content_type;
    out.size_bytes = image.size_bytes;
  } else {
    const auto it = std::find_if(image.variants.begin(), image.variants.end(),
                                 [&](const auto& v) { return v.name == name; });
    if (it == image.variants.end()) throw NotFound("No such variant of the image");
    key = it->storage_key;
    out.content_type = "image/" + it->format;
    out.size_bytes = it->size_bytes;
  }
  out.key = std::move(key);
  // The files behind a name are written once per processing, which gives the same bytes.
  out.etag = "\"" + image.id.str() + "-" + name + "-" + std::to_string(out.size_bytes) + "\"";
  co_return out;
}

// Opening a local file is a metadata lookup, done here on the I/O thread; its chunks are
// read as the client takes them (media/file_source.hpp says where).
asio::awaitable<std::unique_ptr<core::ByteSource>> Images::open(const StoredFile& file,
                                                                std::uint64_t offset,
                                                                std::uint64_t length) {
  auto source = deps_.storage.open(file.key);
  if (!source || source->file_size() != static_cast<std::uint64_t>(file.size_bytes))
    throw std::runtime_error("stored file " + file.key + " is missing or changed");
  source->select(offset, length);
  co_return std::move(source);
}

asio::awaitable<void> Images::erase(core::Uuid owner, core::Uuid id) {
  auto tx = co_await deps_.db.local().begin();
  const auto erased = co_await images_.erase(tx, id, owner);
  if (!erased) not_found();
  co_await tx.commit();
  std::vector<core::Uuid> ids{id};
  co_await remove_files(std::move(ids));
}

asio::awaitable<std::vector<core::Uuid>> Images::erase_all_of(db::Transaction& tx,
                                                              core::Uuid owner) {
  const auto erased = co_await images_.erase_by_owner(tx, owner);
  std::vector<core::Uuid> ids;
  for (const auto& image : erased) ids.push_back(image.id);
  co_return ids;
}

asio::awaitable<void> Images::remove_files(std::vector<core::Uuid> image_ids) {
  if (image_ids.empty()) co_return;
  auto remove = [this, ids = std::move(image_ids)] {
    for (const auto& id : ids) {
      try {
        deps_.storage.remove_image(id);
      } catch (const std::exception& e) {
        // The rows are gone already; a file left behind is logged, never resurrected.
        core::log_error("could not remove an image's files",
                        {{"image_id", id.str()}, {"error", e.what()}});
      }
    }
  };
  co_await deps_.cpu.run(std::move(remove));
}

}  // namespace tessera::services
