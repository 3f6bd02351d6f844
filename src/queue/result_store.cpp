#include "queue/result_store.hpp"

#include <algorithm>

#include "core/timestamp.hpp"
#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;

// Celery's backend does SETEX and PUBLISH in one MULTI; the script also keeps a stored
// SUCCESS, as Celery 5 does, without a separate read (and its race). ARGV[3] says whether
// the new record is STARTED, which must not replace a FAILURE either: the worker sends
// STARTED without waiting for it. KEYS[2]/ARGV[4], when given, are the processing list and
// the message to remove from it; KEYS[3..] are keys to delete with it.
const redis::Script store_script(R"(
local stored = 1
local current = redis.call('GET', KEYS[1])
if current then
  local ok, meta = pcall(cjson.decode, current)
  if ok and type(meta) == 'table' and (meta['status'] == 'SUCCESS' or
      (ARGV[3] == '1' and meta['status'] == 'FAILURE')) then
    stored = 0
  end
end
if stored == 1 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('PUBLISH', KEYS[1], ARGV[1])
end
if KEYS[2] then redis.call('LREM', KEYS[2], 1, ARGV[4]) end
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return stored)");

}  // namespace

ResultStore::ResultStore(std::chrono::seconds ttl) : ttl_(ttl) {}

asio::awaitable<bool> ResultStore::store(redis::Client& client, const TaskResult& result,
                                         std::optional<Acknowledgement> ack) const {
  redis::Args keys{result_key(result.task_id)};
  redis::Args args{encode_result(result), std::to_string(std::max<long long>(1, ttl_.count())),
                   result.state == TaskState::STARTED ? "1" : "0"};
  if (ack) {
    keys.push_back(std::move(ack->processing_list));
    args.push_back(std::move(ack->envelope));
    for (auto& key : ack->forget) keys.push_back(std::move(key));
  }
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
                                                boost::json::value value,
                                                std::optional<Acknowledgement> ack) const {
  co_return co_await store(client, success_result(task_id, std::move(value), core::now()),
                           std::move(ack));
}

asio::awaitable<bool> ResultStore::mark_failure(redis::Client& client, const core::Uuid& task_id,
                                                TaskError error, std::string traceback,
                                                std::optional<Acknowledgement> ack) const {
  co_return co_await store(
      client, failure_result(task_id, std::move(error), std::move(traceback), core::now()),
      std::move(ack));
}

asio::awaitable<bool> ResultStore::mark_retry(redis::Client& client, const core::Uuid& task_id,
                                              std::string message, std::string traceback,
                                              std::optional<Acknowledgement> ack) const {
  co_return co_await store(client, retry_result(task_id, std::move(message), std::move(traceback)),
                           std::move(ack));
}

}  // namespace tessera::queue
