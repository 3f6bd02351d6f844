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

 private:
  asio::awaitable<json::value> finish(const domain::Image& image,
                                      std::vector<domain::ImageVariant> variants);

  db::Pool& db_;
  core::CpuPool& cpu_;
  const media::MediaStorage& storage_;
  ProcessImageConfig config_;
  mappers::ImageMapper images_;
};

// The image's new status; `error` (the owner's sentence) is cleared unless given.
domain::ImagePatch status(ImageStatus status, std::optional<std::string> error = std::nullopt) {
  return domain::ImagePatch{.status = status, .error = std::move(error)};
}

json::value outcome(core::Uuid id, std::string_view status) {
  return json::object{{"image_id", id.str()}, {"status", status}};
}

}  // namespace

asio::awaitable<json::value> ImageProcessor::run(queue::TaskContext& task,
                                                 const ProcessImageArgs& args) {
  const core::Uuid id = args.image_id;
  db::Pool& db = db_;
  const auto image = co_await images_.find_by_id(db, id);
  if (!image) co_return outcome(id, "deleted");  // deleted before its turn came
  co_await images_.update(db, id, status(ImageStatus::processing));

  std::vector<media::RenderedVariant> rendered;
  std::exception_ptr failure;
  std::optional<std::string> permanent;  // the owner's reason, when retrying cannot help
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
    permanent = e.what();
    failure = std::current_exception();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    if (permanent || task.retries >= kProcessImageMaxRetries) {
      co_await images_.update(
          db, id,
          status(ImageStatus::failed, permanent.value_or("The image could not be processed")));
      if (permanent) throw queue::PermanentTaskError(*permanent);
    }
    std::rethrow_exception(failure);  // retried with backoff
  }

  std::vector<domain::ImageVariant> variants;
  for (auto& v : rendered)
    variants.push_back({v.name, v.width, v.height, v.format, v.size_bytes, v.storage_key});
  co_return co_await finish(*image, std::move(variants));
}

asio::awaitable<json::value> ImageProcessor::finish(const domain::Image& image,
                                                    std::vector<domain::ImageVariant> variants) {
  auto tx = co_await db_.begin();
  const bool present = co_await images_.update(tx, image.id, status(ImageStatus::ready));
  if (present) co_await images_.replace_variants(tx, image.id, variants);
  co_await tx.commit();
  if (!present) {
    // Deleted while it was being resized: the files written since must go too.
    auto remove = [this, id = image.id] { storage_.remove_image(id); };
    co_await cpu_.run(std::move(remove));
    co_return outcome(image.id, "deleted");
  }
  json::array names;
  for (const auto& v : variants) names.emplace_back(v.name);
  json::value out = outcome(image.id, "ready");
  out.as_object()["variants"] = std::move(names);
  co_return out;
}

void add_process_image_task(queue::TaskRegistry& registry, db::Pool& db, core::CpuPool& cpu,
                            const media::MediaStorage& storage, ProcessImageConfig config) {
  auto processor = std::make_shared<ImageProcessor>(db, cpu, storage, std::move(config));
  queue::TaskOptions options;
  options.max_retries = kProcessImageMaxRetries;
  queue::add_task<ProcessImageArgs>(
      registry,
      [processor](queue::TaskContext& task, const ProcessImageArgs& args) {
        return processor->run(task, args);
      },
      options);
}

}  // namespace tessera::tasks
