// The sweep of unfinished images against the real PostgreSQL and Redis: an image whose
// task is alive (in the outbox, or marked sent) is left alone; a lost task is queued again
// with its own id, a bounded number of times; a task that failed without recording it fails
// the image with a sentence; one process sweeps per interval.

#include "services/image_sweep.hpp"

#include <filesystem>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/cpu_pool.hpp"
#include "mappers/mapper_test_support.hpp"
#include "mappers/outbox_mapper.hpp"
#include "media/media_storage.hpp"
#include "queue/result_store.hpp"
#include "redis/redis_test_support.hpp"
#include "tasks/image_errors.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using domain::ImageStatus;

class ImageSweepTest : public mappers::testing::MapperTest {
 protected:
  ImageSweepTest() {
    const std::string prefix = redis::testing::unique_prefix("sweep");
    keys.sent_prefix = prefix + "sent:";
    options.untouched_for = 0s;
    options.max_requeues = 2;
    options.task_queue = prefix + "queue";
    options.lock_key = prefix + "lock";
    options.requeued_prefix = prefix + "swept:";
    options.files_lock_key = prefix + "files-lock";
  }
  ~ImageSweepTest() override {
    client.close();
    std::filesystem::remove_all(root);
  }

  // The Redis client's open connection keeps `io` busy: run until the work is done.
  template <class T>
  T run(asio::awaitable<T> work) {
    return redis::testing::run(io, std::move(work));
  }
  // The same, for transactions after the client has connected (add_user and add_image come
  // first in each test, on the base's runner).
  template <class F>
  auto in_transaction(F f) {
    using R = typename awaitable_value<decltype(f(std::declval<db::Transaction&>()))>::type;
    return run(transact<R>(pool, std::move(f)));
  }
  redis::Reply execute(redis::Args args) { return run(client.execute(std::move(args))); }

  // A sweep of its own each time: a new interval (the locks are dropped first).
  SweepCounts sweep() {
    execute({"DEL", options.lock_key, options.files_lock_key});
    ImageSweep sweep(pool, client, outbox, storage, cpu, keys, options);
    return run(sweep.sweep_once());
  }
  ImageStatus status_of(const core::Uuid& id) { return run(images.find_by_id(pool, id))->status; }
  std::int64_t waiting() { return run(rows.count(pool)); }
  void relay_everything() {
    in_transaction([&](db::Transaction& tx) -> asio::awaitable<void> {
      std::vector<core::Uuid> ids;
      for (const auto& row : co_await rows.take(tx, 1000)) ids.push_back(row.task_id);
      co_await rows.remove(tx, ids);
    });
  }

  redis::Client client{io.get_executor(), redis::testing::client_options()};
  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("tessera-sweep-" + core::Uuid::random().str());
  media::MediaStorage storage{root};
  core::CpuPool cpu{1};
  queue::QueueKeys keys;
  ImageSweepOptions options;
  TaskOutbox outbox;
  mappers::OutboxMapper rows;
};

TEST_F(ImageSweepTest, AnImageWhoseTaskIsMarkedSentIsLeftAlone) {
  const auto owner = add_user("live@example.com");
  const auto image = add_image(owner.id);
  execute({"SET", keys.sent_key(image.task_id->str()), "1", "EX", "60"});
  const SweepCounts counts = sweep();
  EXPECT_TRUE(counts.swept);
  EXPECT_EQ(counts.checked, 1);
  EXPECT_EQ(counts.requeued, 0);
  EXPECT_EQ(counts.failed, 0);
  EXPECT_EQ(status_of(image.id), ImageStatus::pending);
}

TEST_F(ImageSweepTest, AnImageWhoseTaskWaitsInTheOutboxIsNotLookedAt) {
  const auto owner = add_user("outbox@example.com");
  add_image(owner.id);
  // The first sweep queues it (through the outbox); while the row waits there, it is alive.
  EXPECT_EQ(sweep().requeued, 1);
  EXPECT_EQ(waiting(), 1);
  EXPECT_EQ(sweep().checked, 0);
}

TEST_F(ImageSweepTest, ALostTaskIsQueuedAgainWithItsOwnIdThenTheImageFails) {
  const auto owner = add_user("lost@example.com");
  const auto image = add_image(owner.id);
  for (int i = 0; i < options.max_requeues; ++i) {
    EXPECT_EQ(sweep().requeued, 1) << i;
    const auto queued = in_transaction([&](db::Transaction& tx) { return rows.take(tx, 10); });
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].task_id, *image.task_id);  // the id the owner already knows
    EXPECT_NE(queued[0].envelope.find(image.id.str()), std::string::npos);
    relay_everything();
  }
  const SweepCounts last = sweep();
  EXPECT_EQ(last.requeued, 0);
  EXPECT_EQ(last.failed, 1);
  const auto failed = run(images.find_by_id(pool, image.id));
  EXPECT_EQ(failed->status, ImageStatus::failed);
  EXPECT_EQ(failed->error, std::string(tasks::kImageAbandoned));
}

TEST_F(ImageSweepTest, ATaskThatFailedWithoutRecordingItFailsTheImage) {
  const auto owner = add_user("hook@example.com");
  const auto image = add_image(owner.id);
  const queue::ResultStore results(60s);
  const queue::TaskError error{"TimeLimitExceeded", "300s", "billiard.exceptions"};
  run(results.store(client, queue::failure_result(*image.task_id, error, "", core::now())));
  EXPECT_EQ(sweep().failed, 1);
  const auto failed = run(images.find_by_id(pool, image.id));
  EXPECT_EQ(failed->status, ImageStatus::failed);
  ASSERT_TRUE(failed->error);
  EXPECT_NE(failed->error->find("too long"), std::string::npos) << *failed->error;
  execute({"DEL", queue::result_key(*image.task_id)});
}

TEST_F(ImageSweepTest, AFinishedImageIsNeverTouched) {
  const auto owner = add_user("done@example.com");
  const auto image = add_image(owner.id);
  run(images.set_status_if_unfinished(pool, image.id, ImageStatus::ready));
  EXPECT_EQ(sweep().checked, 0);
  // Nor does a late failure undo `ready`.
  EXPECT_FALSE(run(images.set_status_if_unfinished(pool, image.id, ImageStatus::failed, "x")));
  EXPECT_EQ(status_of(image.id), ImageStatus::ready);
}

TEST_F(ImageSweepTest, OneSweepRunsPerInterval) {
  execute({"DEL", options.lock_key});
  ImageSweep first(pool, client, outbox, storage, cpu, keys, options);
  ImageSweep second(pool, client, outbox, storage, cpu, keys, options);
  EXPECT_TRUE(run(first.sweep_once()).swept);
  EXPECT_FALSE(run(second.sweep_once()).swept);
  EXPECT_FALSE(run(first.sweep_once()).swept);
  execute({"DEL", options.lock_key});
}

TEST_F(ImageSweepTest, FilesWhoseRowNeverCommittedAreRemovedAndOthersKept) {
  const auto owner = add_user("files@example.com");
  const auto kept = add_image(owner.id);
  run(images.set_status_if_unfinished(pool, kept.id, ImageStatus::ready));
  const auto orphan = core::Uuid::random();  // stored, then the API died before the commit
  storage.write(media::MediaStorage::original_key(kept.id, media::ImageFormat::png), "png");
  storage.write(media::MediaStorage::variant_key(kept.id, "thumb"), "webp");
  storage.write(media::MediaStorage::original_key(orphan, media::ImageFormat::jpeg), "jpeg");
  storage.write(media::MediaStorage::variant_key(orphan, "thumb"), "webp");
  const SweepCounts counts = sweep();
  EXPECT_TRUE(counts.files_swept);
  EXPECT_EQ(counts.orphans_removed, 1);
  EXPECT_EQ(storage.stored_images(0s), std::vector<core::Uuid>{kept.id});
  // Younger files wait: their row may be about to commit.
  storage.write(media::MediaStorage::original_key(orphan, media::ImageFormat::jpeg), "jpeg");
  options.untouched_for = 3600s;
  EXPECT_EQ(sweep().orphans_removed, 0);
  EXPECT_EQ(storage.stored_images(0s).size(), 2u);
}

}  // namespace
}  // namespace tessera::services
