#include "queue/result_store.hpp"

#include <algorithm>

#include "core/timestamp.hpp"
#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;

// Celery's backend does SETEX and PUBLISH in one MULTI; the script also keeps a stored
// SUCCESS, as Celery 5 does, without a separate read (and its race).
const redis::Script store_script(R"(
local current = redis.call('GET', KEYS[1])
if current then
  local ok, meta = pcall(cjson.decode, current)
  if ok and type(meta) == 'table' and meta['status'] == 'SUCCESS' then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('PUBLISH', KEYS[1], ARGV[1])
return 1)");

}  // namespace

ResultStore::ResultStore(std::chrono::seconds ttl) : ttl_(ttl) {}

asio::awaitable<bool> ResultStore::store(redis::Client& client, const TaskResult& result) const {
  redis::Args keys{result_key(result.task_id)};
  redis::Args args{encode_result(result), std::to_string(std::max<long long>(1, ttl_.count()))};
  const redis::Reply reply = co_await client.eval(store_script, std::move(keys), std::move(args));
  co_return reply.as_integer() == 1;
}

asio::awaitable<std::optional<TaskResult>> ResultStore::fetch(redis::Client& client,
                                                              const core::Uuid& task_id) const {
  const std::optional<std::string> text = co_await client.get(result_key(task_id));
  if (!text) co_return std::nullopt;
  co_return decode_result(*text);
}

asio::awaitable<bool> ResultStore::mark_started(redis::Client& client, const core::Uuid& task_id,
                                                std::string_view hostname, long pid) const {
  co_return co_await store(client, started_result(task_id, hostname, pid));
}

asio::awaitable<bool> ResultStore::mark_success(redis::Client& client, const core::Uuid& task_id,
                                                boost::json::value value) const {
  co_return co_await store(client, success_result(task_id, std::move(value), core::now()));
}

asio::awaitable<bool> ResultStore::mark_failure(redis::Client& client, const core::Uuid& task_id,
                                                TaskError error, std::string traceback) const {
  co_return co_await store(
      client, failure_result(task_id, std::move(error), std::move(traceback), core::now()));
}

asio::awaitable<bool> ResultStore::mark_retry(redis::Client& client, const core::Uuid& task_id,
                                              std::string message, std::string traceback) const {
  co_return co_await store(client, retry_result(task_id, std::move(message), std::move(traceback)));
}

}  // namespace tessera::queue
