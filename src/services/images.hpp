#pragma once
// Images: uploads checked before anything is kept, stored and queued for the worker's
// process_image task; their listing, variants' bytes and deletion, always within one
// owner's images (another user's image is "not found").

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cache/rate_limiter.hpp"
#include "core/byte_source.hpp"
#include "core/metrics.hpp"
#include "core/settings.hpp"
#include "core/uuid.hpp"
#include "db/thread_pools.hpp"
#include "db/transaction.hpp"
#include "domain/image.hpp"
#include "domain/page.hpp"
#include "mappers/image_mapper.hpp"
#include "media/media_storage.hpp"
#include "queue/broker.hpp"
#include "redis/thread_clients.hpp"
#include "services/task_outbox.hpp"
#include "services/task_status.hpp"

namespace tessera::core {
class CpuPool;
}

namespace tessera::services {

struct ImagesConfig {
  int min_side = 16;
  std::uint64_t max_pixels = 50'000'000;
  std::vector<core::ImageVariantSpec> variants;
  std::string task_queue = "celery";
  std::int64_t uploads_per_minute = 120;  // per user (API.md, Auth: limits)
};

struct ImagesDeps {
  db::ThreadPools& db;
  redis::ThreadClients& redis;
  core::CpuPool& cpu;  // writing, probing and committing uploads: disk work off the I/O threads
  const media::MediaStorage& storage;
  TaskStatus& tasks;
  const TaskOutbox& outbox;
};

// A variant's (or the original's) bytes, for GET .../variants/{name}.
struct StoredFile {
  std::string key;  // in storage
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string etag;  // strong: the image's id, the name and the size
};

class Images {
 public:
  Images(ImagesDeps deps, ImagesConfig config);

  // Counts an upload of the owner before its bytes are read: 429 past the limit a minute.
  boost::asio::awaitable<void> count_upload(core::Uuid owner);
  // Where an upload is written while it arrives.
  media::PendingFile begin_upload() const { return deps_.storage.begin_original(); }
  // Appends the next bytes of an upload to its file on the CPU pool, so that the disk's
  // latency never stalls an I/O thread. `bytes` must stay valid until it returns.
  boost::asio::awaitable<void> write_upload(media::PendingFile& file, std::string_view bytes);

  // Keeps the uploaded file as the owner's new image, pending, and queues its processing:
  // 415 when it is not JPEG, PNG, WebP or GIF (by its bytes); 422 when its header is
  // unreadable or its dimensions are out of bounds; 503 when the task cannot be queued
  // (nothing is kept then).
  boost::asio::awaitable<domain::Image> upload(core::Uuid owner, media::PendingFile file,
                                               std::string filename);
  boost::asio::awaitable<domain::Page<domain::Image>> page(core::Uuid owner, std::int64_t skip,
                                                           std::int64_t limit);
  // 404 when missing or another user's.
  boost::asio::awaitable<domain::Image> get(core::Uuid owner, core::Uuid id);
  // `name` is a variant's or "original"; 404 when the image or that variant is missing.
  boost::asio::awaitable<StoredFile> file(core::Uuid owner, core::Uuid id, std::string name);
  // Bytes [offset, offset + length) of the file, to be streamed: opened, not read. Throws
  // std::runtime_error when the file is missing or not the size recorded (a 500: the rows
  // and the files disagree), std::out_of_range past its end.
  boost::asio::awaitable<std::unique_ptr<core::ByteSource>> open(const StoredFile& file,
                                                                 std::uint64_t offset,
                                                                 std::uint64_t length);
  // 404. The rows go in one transaction, then every file.
  boost::asio::awaitable<void> erase(core::Uuid owner, core::Uuid id);
  // Every image row of the owner, in the caller's transaction (which deletes the owner
  // next); the ids whose files the caller removes after the commit.
  boost::asio::awaitable<std::vector<core::Uuid>> erase_all_of(db::Transaction& tx,
                                                               core::Uuid owner);
  // The files of these images (their rows are gone); a file that cannot be removed is
  // logged, never resurrected.
  boost::asio::awaitable<void> remove_files(std::vector<core::Uuid> image_ids);

  // tessera_image_uploads_total{outcome} and tessera_image_upload_bytes_total.
  void collect(core::MetricsWriter& out) const;

 private:
  boost::asio::awaitable<domain::Image> store(core::Uuid owner, media::PendingFile& file,
                                              std::string filename);

  ImagesDeps deps_;
  ImagesConfig config_;
  std::atomic<std::uint64_t> accepted_{0}, refused_{0}, accepted_bytes_{0};
  mappers::ImageMapper images_;
  cache::RateLimiter uploads_;
};

}  // namespace tessera::services
