#include "queue/consumer.hpp"

#include <stdexcept>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "queue/task_message.hpp"
#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// KEYS: queue, processing list, queue, processing list, ... Returns {pair index, message}
// for the first queue that had one.
const redis::Script take_script(R"(
for i = 1, #KEYS, 2 do
  local message = redis.call('LMOVE', KEYS[i], KEYS[i + 1], 'RIGHT', 'LEFT')
  if message then return {(i + 1) / 2, message} end
end
return false)");

// A message handed back at shutdown was not interrupted by its task: its delivery is not
// counted against TASK_MAX_DELIVERIES (KEYS[3], when given).
const redis::Script hand_back_script(R"(
if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  if KEYS[3] and redis.call('DECR', KEYS[3]) <= 0 then redis.call('DEL', KEYS[3]) end
end
return 0)");

const redis::Script heartbeat_script(R"(
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 0)");

// Newest taken goes back first, each at the consuming end of its queue: the oldest ends
// up taken first again, as if the messages had never left.
const redis::Script reclaim_script(R"(
local returned = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local id = entries[i]
  if id ~= ARGV[3] and redis.call('EXISTS', ARGV[1] .. id) == 0 then
    local ok, info = pcall(cjson.decode, entries[i + 1])
    if ok and type(info) == 'table' and type(info['queues']) == 'table' then
      for _, queue in ipairs(info['queues']) do
        local processing = ARGV[2] .. id .. ':' .. queue
        while redis.call('LMOVE', processing, queue, 'LEFT', 'RIGHT') do
          returned = returned + 1
        end
      end
    end
    redis.call('HDEL', KEYS[1], id)
  end
end
return returned)");

// KEYS: workers hash, alive key, then processing list, queue, ... pairs. ARGV[2]: the
// prefix of delivery counts: a message handed back was not interrupted by its task, so its
// delivery does not count (a message taken but not started yet is uncounted by one too).
const redis::Script leave_script(R"(
local returned = 0
for i = 3, #KEYS, 2 do
  while true do
    local message = redis.call('LMOVE', KEYS[i], KEYS[i + 1], 'LEFT', 'RIGHT')
    if not message then break end
    returned = returned + 1
    local ok, decoded = pcall(cjson.decode, message)
    if ok and type(decoded) == 'table' and type(decoded['headers']) == 'table' and
        type(decoded['headers']['id']) == 'string' then
      local count = ARGV[2] .. decoded['headers']['id']
      if redis.call('DECR', count) <= 0 then redis.call('DEL', count) end
    end
  end
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return returned)");

std::string encode_info(const WorkerInfo& info) {
  json::array queues;
  for (const auto& queue : info.queues) queues.emplace_back(queue);
  return json::serialize(json::object{{"id", info.id},
                                      {"hostname", info.hostname},
                                      {"pid", info.pid},
                                      {"queues", std::move(queues)},
                                      {"concurrency", info.concurrency},
                                      {"started_at", core::format_rfc3339(info.started_at)}});
}

// Lenient: an entry that does not parse still shows up in `tasks inspect`, with its id.
WorkerInfo decode_info(std::string id, const std::string& text) {
  WorkerInfo info;
  info.id = std::move(id);
  std::error_code error;
  const json::value value = json::parse(text, error);
  const json::object* object = error ? nullptr : value.if_object();
  if (!object) return info;
  if (const auto* host = object->if_contains("hostname"); host && host->is_string())
    info.hostname = json::string_view(host->get_string());
  if (const auto* pid = object->if_contains("pid"); pid && pid->is_int64())
    info.pid = static_cast<long>(pid->get_int64());
  if (const auto* queues = object->if_contains("queues"); queues && queues->is_array())
    for (const auto& queue : queues->get_array())
      if (queue.is_string()) info.queues.emplace_back(json::string_view(queue.get_string()));
  if (const auto* n = object->if_contains("concurrency"); n && n->is_int64())
    info.concurrency = static_cast<unsigned>(n->get_int64());
  if (const auto* at = object->if_contains("started_at"); at && at->is_string())
    info.started_at =
        core::parse_rfc3339(json::string_view(at->get_string())).value_or(core::Timestamp{});
  return info;
}

asio::awaitable<std::vector<Delivery>> taken_by(redis::Client& client, const QueueKeys& keys,
                                                const WorkerInfo& info) {
  std::vector<Delivery> taken;
  for (const auto& queue : info.queues) {
    const redis::Reply reply =
        co_await client.command("LRANGE", keys.processing_key(info.id, queue), "0", "-1");
    for (const redis::Reply& item : reply.as_array()) taken.push_back({queue, item.as_string()});
  }
  co_return taken;
}

std::string seconds_text(std::chrono::milliseconds wait) {
  const auto ms = wait.count();
  return std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1);
}

}  // namespace

Consumer::Consumer(QueueKeys keys, WorkerInfo self)
    : keys_(std::move(keys)), self_(std::move(self)) {
  if (self_.queues.empty()) throw std::invalid_argument("a worker needs at least one queue");
}

asio::awaitable<std::optional<Delivery>> Consumer::take(redis::Client& client,
                                                        const std::string& home,
                                                        std::chrono::milliseconds wait) const {
  if (self_.queues.size() > 1) {
    redis::Args keys;
    for (const auto& queue : self_.queues) {
      keys.push_back(queue);
      keys.push_back(keys_.processing_key(self_.id, queue));
    }
    redis::Args no_args;
    const redis::Reply reply =
        co_await client.eval(take_script, std::move(keys), std::move(no_args));
    if (!reply.is_nil()) {
      const auto& pair = reply.as_array();
      const auto index = static_cast<std::size_t>(pair.at(0).as_integer()) - 1;
      co_return Delivery{self_.queues.at(index), pair.at(1).as_string()};
    }
  }
  redis::Args args{"BLMOVE", home,   keys_.processing_key(self_.id, home),
                   "RIGHT",  "LEFT", seconds_text(wait)};
  // The reply may take the whole wait: allow for that beyond the usual command timeout.
  redis::CommandOptions options;
  options.timeout = wait + std::chrono::seconds(2);
  const redis::Reply reply = co_await client.execute(std::move(args), options);
  if (reply.is_nil()) co_return std::nullopt;
  co_return Delivery{home, reply.as_string()};
}

asio::awaitable<void> Consumer::ack(redis::Client& client, const Delivery& delivery) const {
  co_await client.command("LREM", keys_.processing_key(self_.id, delivery.queue), "1",
                          delivery.envelope);
}

asio::awaitable<void> Consumer::hand_back(redis::Client& client, const Delivery& delivery) const {
  redis::Args keys{keys_.processing_key(self_.id, delivery.queue), delivery.queue};
  try {
    keys.push_back(keys_.delivered_key(decode_message(delivery.envelope).id.str()));
  } catch (const MessageError&) {
    // An undecodable message has no count: it goes back as it came.
  }
  redis::Args args{delivery.envelope};
  co_await client.eval(hand_back_script, std::move(keys), std::move(args));
}

asio::awaitable<void> Consumer::heartbeat(redis::Client& client,
                                          std::chrono::milliseconds ttl) const {
  redis::Args keys{keys_.alive_key(self_.id), keys_.workers};
  redis::Args args{std::to_string(std::max<std::int64_t>(1, ttl.count())), self_.id,
                   encode_info(self_)};
  co_await client.eval(heartbeat_script, std::move(keys), std::move(args));
}

asio::awaitable<std::int64_t> Consumer::reclaim_dead(redis::Client& client) const {
  // The script reads keys it computes (each dead worker's lists): fine on one Redis server,
  // which is what the queue supports (not Redis Cluster).
  redis::Args keys{keys_.workers};
  redis::Args args{keys_.alive_prefix, keys_.processing_prefix, self_.id};
  co_return (co_await client.eval(reclaim_script, std::move(keys), std::move(args))).as_integer();
}

asio::awaitable<std::vector<Delivery>> Consumer::taken(redis::Client& client) const {
  co_return co_await taken_by(client, keys_, self_);
}

asio::awaitable<std::int64_t> Consumer::leave(redis::Client& client) const {
  redis::Args keys{keys_.workers, keys_.alive_key(self_.id)};
  for (const auto& queue : self_.queues) {
    keys.push_back(keys_.processing_key(self_.id, queue));
    keys.push_back(queue);
  }
  redis::Args args{self_.id, keys_.delivered_prefix};
  co_return (co_await client.eval(leave_script, std::move(keys), std::move(args))).as_integer();
}

asio::awaitable<std::vector<WorkerStatus>> Consumer::workers(redis::Client& client,
                                                             const QueueKeys& keys) {
  std::vector<WorkerStatus> workers;
  const redis::Reply entries = co_await client.command("HGETALL", keys.workers);
  const auto& items = entries.as_array();
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    WorkerStatus status{.info = decode_info(items[i].as_string(), items[i + 1].as_string())};
    status.alive =
        (co_await client.command("EXISTS", keys.alive_key(status.info.id))).as_integer() == 1;
    status.taken = co_await taken_by(client, keys, status.info);
    workers.push_back(std::move(status));
  }
  co_return workers;
}

}  // namespace tessera::queue
