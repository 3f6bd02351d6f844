#include "tasks/process_image.hpp"

#include <exception>
#include <optional>

#include <boost/asio/this_coro.hpp>
#include <boost/json/array.hpp>

#include "core/cpu_pool.hpp"
#include "core/logging.hpp"
#include "db/transaction.hpp"
#include "mappers/image_mapper.hpp"
#include "media/errors.hpp"
#include "media/image_probe.hpp"
#include "media/variants.hpp"
#include "queue/task_args.hpp"
#include "tasks/image_errors.hpp"

namespace tessera::tasks {

namespace asio = boost::asio;
namespace json = boost::json;
using domain::ImageStatus;

namespace {

class ImageProcessor {
 public:
  ImageProcessor(db::Pool& db, core::CpuPool& cpu, const media::MediaStorage& storage,
                 ProcessImageConfig config)
      : db_(db), cpu_(cpu), storage_(storage), config_(std::move(config)) {}

  asio::awaitable<json::value> run(queue::TaskContext& task, const ProcessImageArgs& args);
  // The failure hook: the image is failed with a sentence for its owner.
  asio::awaitable<void> failed(const queue::TaskFailure& failure, const ProcessImageArgs& args);

 private:
  asio::awaitable<json::value> finish(const domain::Image& image,
                                      std::vector<domain::ImageVariant> variants);
  // Tells the config's on_change hook that the image's status changed.
  asio::awaitable<void> changed(const core::Uuid& id) const;

  db::Pool& db_;
  core::CpuPool& cpu_;
  const media::MediaStorage& storage_;
  ProcessImageConfig config_;
  mappers::ImageMapper images_;
};

json::value outcome(core::Uuid id, std::string_view status) {
  return json::object{{"image_id", id.str()}, {"status", status}};
}

}  // namespace

asio::awaitable<void> ImageProcessor::changed(const core::Uuid& id) const {
  if (!config_.on_change) co_return;
  std::string error;
  try {
    co_await config_.on_change(id);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty())
    core::log_warning("could not announce an image's status",
                      {{"image_id", id.str()}, {"error", error}});
}

asio::awaitable<json::value> ImageProcessor::run(queue::TaskContext& task,
                                                 const ProcessImageArgs& args) {
  const core::Uuid id = args.image_id;
  db::Pool& db = db_;
  const auto image = co_await images_.find_by_id(db, id);
  if (!image) co_return outcome(id, "deleted");  // deleted before its turn came
  // A repeated delivery of a task that has already ended (the relay or the sweep sent it
  // twice) leaves the final state as it is.
  const bool unfinished =
      co_await images_.set_status_if_unfinished(db, id, ImageStatus::processing);
  if (!unfinished) co_return outcome(id, domain::to_string(image->status));
  co_await changed(id);

  std::vector<media::RenderedVariant> rendered;
  std::exception_ptr failure;
  bool corrupt = false;
  try {
    const auto original = storage_.resolve(image->storage_key);
    auto render = [this, &original, id] {
      return media::render_variants(
          original, config_.variants,
          [this, id](const core::ImageVariantSpec& spec, std::string_view webp) {
            return storage_.write_variant(id, spec.name, webp);
          });
    };
    rendered = co_await cpu_.run(std::move(render));
  } catch (const media::CorruptImageError& e) {
    core::log_warning("image does not decode",
                      {{"image_id", id.str()}, {"task_id", task.id.str()}, {"error", e.what()}});
    corrupt = true;
  } catch (...) {
    failure = std::current_exception();
  }
  if (corrupt) {
    const bool failed_now = co_await images_.set_status_if_unfinished(db, id, ImageStatus::failed,
                                                                      std::string(kImageCorrupt));
    if (failed_now) co_await changed(id);
    throw queue::PermanentTaskError("the image does not decode");
  }
  // Retried with backoff; after the last retry the failure hook marks the image failed.
  if (failure) std::rethrow_exception(failure);
  // Past the soft limit (or the time limit, whose failure is stored already): stop here.
  if (task.stop.stop_requested()) throw queue::SoftTimeLimitExceeded();

  std::vector<domain::ImageVariant> variants;
  for (auto& v : rendered)
    variants.push_back({v.name, v.width, v.height, v.format, v.size_bytes, v.storage_key});
  co_return co_await finish(*image, std::move(variants));
}

asio::awaitable<void> ImageProcessor::failed(const queue::TaskFailure& failure,
                                             const ProcessImageArgs& args) {
  const bool failed_now = co_await images_.set_status_if_unfinished(
      db_, args.image_id, ImageStatus::failed,
      image_failure_sentence(failure.cause, failure.error_type));
  if (failed_now) co_await changed(args.image_id);
}

asio::awaitable<json::value> ImageProcessor::finish(const domain::Image& image,
                                                    std::vector<domain::ImageVariant> variants) {
  auto tx = co_await db_.begin();
  const bool unfinished =
      co_await images_.set_status_if_unfinished(tx, image.id, ImageStatus::ready);
  if (unfinished) co_await images_.replace_variants(tx, image.id, variants);
  co_await tx.commit();
  if (!unfinished) {
    const auto now = co_await images_.find_by_id(db_, image.id);
    if (now) co_return outcome(image.id, domain::to_string(now->status));  // failed meanwhile
    // Deleted while it was being resized: the files written since must go too.
    auto remove = [this, id = image.id] { storage_.remove_image(id); };
    co_await cpu_.run(std::move(remove));
    co_return outcome(image.id, "deleted");
  }
  co_await changed(image.id);
  json::array names;
  for (const auto& v : variants) names.emplace_back(v.name);
  json::value out = outcome(image.id, "ready");
  out.as_object()["variants"] = std::move(names);
  co_return out;
}

void add_process_image_task(queue::TaskRegistry& registry, db::Pool& db, core::CpuPool& cpu,
                            const media::MediaStorage& storage, ProcessImageConfig config) {
  queue::StateHandler on_state = std::move(config.on_state);
  auto processor = std::make_shared<ImageProcessor>(db, cpu, storage, std::move(config));
  queue::TaskOptions options;
  options.max_retries = kProcessImageMaxRetries;
  options.on_state = std::move(on_state);
  options.on_failure = queue::failure_handler<ProcessImageArgs>(
      [processor](const queue::TaskFailure& failure, const ProcessImageArgs& args) {
        return processor->failed(failure, args);
      });
  queue::add_task<ProcessImageArgs>(
      registry,
      [processor](queue::TaskContext& task, const ProcessImageArgs& args) {
        return processor->run(task, args);
      },
      options);
}

}  // namespace tessera::tasks
