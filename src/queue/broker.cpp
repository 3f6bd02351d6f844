#include "queue/broker.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// A scheduled member is "<queue>\n<envelope>": the script needs the queue to push the
// envelope back, and cutting at the first newline is cheaper than decoding JSON in Lua.
// Queue names cannot hold a newline (send() refuses them). Due messages go out oldest first,
// so BLMOVE RIGHT takes them in due order. A member without a queue (not written by us) is
// dead-lettered rather than left to block the front of the set forever.
const redis::Script promote_script(R"(
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  local cut = string.find(member, '\n', 1, true)
  if cut and cut > 1 then
    redis.call('LPUSH', string.sub(member, 1, cut - 1), string.sub(member, cut + 1))
  else
    redis.call('LPUSH', KEYS[2], cjson.encode({envelope = member,
      reason = 'scheduled entry without a queue', failed_at = ARGV[3]}))
  end
  redis.call('ZREM', KEYS[1], member)
end
return #due)");

// Pushes (or schedules) each envelope only when its task's "sent" mark is new. ARGV: the
// mark's lifetime, the marks' prefix, the scheduled set, then per message its task id,
// queue, envelope and due time in ms ("" to push now). Returns how many were sent. The
// keys are computed here: fine on one Redis server, which is what the queue supports.
const redis::Script send_once_script(R"(
local sent = 0
for i = 4, #ARGV, 4 do
  if redis.call('SET', ARGV[2] .. ARGV[i], '1', 'NX', 'EX', ARGV[1]) then
    sent = sent + 1
    if ARGV[i + 3] == '' then
      redis.call('LPUSH', ARGV[i + 1], ARGV[i + 2])
    else
      redis.call('ZADD', ARGV[3], ARGV[i + 3], ARGV[i + 1] .. '\n' .. ARGV[i + 2])
    end
  end
end
return sent)");

std::int64_t epoch_ms(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void check_queue_name(const std::string& queue) {
  if (queue.empty() || queue.find('\n') != std::string::npos)
    throw std::invalid_argument("queue name must be non-empty and hold no newline");
}

std::string dead_record(std::string envelope, std::string reason) {
  const json::object record{{"envelope", std::move(envelope)},
                            {"reason", std::move(reason)},
                            {"failed_at", core::format_rfc3339(core::now())}};
  return json::serialize(record);
}

DeadLetter parse_dead_record(const std::string& text) {
  DeadLetter letter;
  std::error_code error;
  const json::value value = json::parse(text, error);
  const json::object* record = error ? nullptr : value.if_object();
  if (!record) {
    letter.envelope = text;
    letter.reason = "unreadable dead-letter record";
    return letter;
  }
  if (const auto* envelope = record->if_contains("envelope"); envelope && envelope->is_string())
    letter.envelope = json::string_view(envelope->get_string());
  if (const auto* reason = record->if_contains("reason"); reason && reason->is_string())
    letter.reason = json::string_view(reason->get_string());
  if (const auto* at = record->if_contains("failed_at"); at && at->is_string())
    letter.failed_at =
        core::parse_rfc3339(json::string_view(at->get_string())).value_or(core::Timestamp{});
  try {
    letter.message = decode_message(letter.envelope);
  } catch (const MessageError&) {
    // Kept as text: dead_letter_raw stores envelopes that never decoded.
  }
  return letter;
}

}  // namespace

Broker::Broker(QueueKeys keys) : keys_(std::move(keys)) {}

TaskMessage make_task_message(std::string name, json::array args, json::object kwargs,
                              EnqueueOptions options) {
  TaskMessage message = make_message(std::move(name), std::move(args), std::move(kwargs));
  if (options.task_id) message.id = message.root_id = *options.task_id;
  if (options.eta)
    message.eta = options.eta;
  else if (options.countdown)
    message.eta =
        core::now() + std::chrono::duration_cast<std::chrono::microseconds>(*options.countdown);
  message.expires = options.expires;
  message.queue = std::move(options.queue);
  message.max_retries = options.max_retries;
  message.retry_backoff = options.retry_backoff;
  message.retry_backoff_max = options.retry_backoff_max;
  message.time_limit = options.time_limit;
  return message;
}

asio::awaitable<std::string> Broker::enqueue(redis::Client& client, std::string name,
                                             json::array args, json::object kwargs,
                                             EnqueueOptions options) const {
  const TaskMessage message =
      make_task_message(std::move(name), std::move(args), std::move(kwargs), std::move(options));
  co_await send(client, message);
  co_return message.id.str();
}

asio::awaitable<std::size_t> Broker::send_once(redis::Client& client,
                                               const std::vector<OnceMessage>& messages,
                                               std::chrono::seconds remember) const {
  if (messages.empty()) co_return 0;
  const auto now = core::now();
  redis::Args args{std::to_string(remember.count()), keys_.sent_prefix, keys_.scheduled};
  args.reserve(3 + 4 * messages.size());
  for (const auto& m : messages) {
    check_queue_name(m.queue);
    args.push_back(m.task_id.str());
    args.push_back(m.queue);
    args.push_back(m.envelope);
    args.push_back(m.due && *m.due > now ? std::to_string(epoch_ms(*m.due)) : std::string());
  }
  redis::Args no_keys;
  const redis::Reply reply =
      co_await client.eval(send_once_script, std::move(no_keys), std::move(args));
  co_return static_cast<std::size_t>(reply.as_integer());
}

asio::awaitable<void> Broker::send(redis::Client& client, const TaskMessage& message) const {
  check_queue_name(message.queue);
  if (message.eta && *message.eta > core::now()) {
    co_await schedule(client, message, *message.eta);
  } else {
    co_await client.lpush(message.queue, encode_message(message));
  }
}

asio::awaitable<void> Broker::schedule(redis::Client& client, const TaskMessage& message,
                                       core::Timestamp due) const {
  check_queue_name(message.queue);
  co_await client.command("ZADD", keys_.scheduled, std::to_string(epoch_ms(due)),
                          message.queue + "\n" + encode_message(message));
}

asio::awaitable<std::int64_t> Broker::promote_due(redis::Client& client, core::Timestamp now,
                                                  std::int64_t limit) const {
  redis::Args keys{keys_.scheduled, keys_.dead};
  redis::Args args{std::to_string(epoch_ms(now)), std::to_string(limit), core::format_rfc3339(now)};
  const redis::Reply reply = co_await client.eval(promote_script, std::move(keys), std::move(args));
  co_return reply.as_integer();
}

asio::awaitable<void> Broker::schedule_retry(redis::Client& client, const TaskMessage& message,
                                             core::Timestamp eta) const {
  co_await schedule(client, next_retry(message, eta), eta);
}

asio::awaitable<void> Broker::dead_letter(redis::Client& client, const TaskMessage& message,
                                          std::string reason) const {
  co_await dead_letter_raw(client, encode_message(message), std::move(reason));
}

asio::awaitable<void> Broker::dead_letter_raw(redis::Client& client, std::string envelope,
                                              std::string reason) const {
  co_await client.lpush(keys_.dead, dead_record(std::move(envelope), std::move(reason)));
}

asio::awaitable<std::vector<DeadLetter>> Broker::dead_letters(redis::Client& client,
                                                              std::int64_t limit) const {
  std::vector<DeadLetter> letters;
  if (limit <= 0) co_return letters;
  const redis::Reply reply =
      co_await client.command("LRANGE", keys_.dead, "0", std::to_string(limit - 1));
  for (const redis::Reply& item : reply.as_array())
    letters.push_back(parse_dead_record(item.as_string()));
  co_return letters;
}

asio::awaitable<std::int64_t> Broker::depth(redis::Client& client, std::string queue) const {
  co_return (co_await client.command("LLEN", queue)).as_integer();
}

asio::awaitable<std::int64_t> Broker::scheduled_count(redis::Client& client) const {
  co_return (co_await client.command("ZCARD", keys_.scheduled)).as_integer();
}

asio::awaitable<std::int64_t> Broker::dead_count(redis::Client& client) const {
  co_return (co_await client.command("LLEN", keys_.dead)).as_integer();
}

}  // namespace tessera::queue
