#include "services/events.hpp"

#include <charconv>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "services/errors.hpp"
#include "services/session_store.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

constexpr std::string_view kSharedStream = "tessera:events";
// A user's stream keeps far more than a page shows in 5 minutes; the shared one is only
// read live, so it needs to cover a reader's reconnect, not a replay.
constexpr std::size_t kUserStreamCap = 1000;
constexpr std::size_t kSharedStreamCap = 10'000;
constexpr milliseconds kReadBlock{5000};
constexpr std::size_t kReadBatch = 512;

std::string user_stream(const core::Uuid& user) {
  return "tessera:events:" + user.str();
}

// Both appends in one script, so that a live event always has its replayable copy.
const redis::Script kPublish(R"(
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 't', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'u', ARGV[3], 'i', id, 't', ARGV[1],
           'd', ARGV[2])
return id
)");

struct StreamId {
  std::uint64_t ms = 0;
  std::uint64_t seq = 0;
  friend auto operator<=>(const StreamId&, const StreamId&) = default;
};

std::optional<StreamId> parse_stream_id(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == text.size()) return std::nullopt;
  StreamId id;
  const char* end = text.data() + dash;
  auto [p, ec] = std::from_chars(text.data(), end, id.ms);
  if (ec != std::errc() || p != end) return std::nullopt;
  end = text.data() + text.size();
  auto [q, ec2] = std::from_chars(text.data() + dash + 1, end, id.seq);
  if (ec2 != std::errc() || q != end) return std::nullopt;
  return id;
}

// The value of `name` among an entry's [field, value, ...].
const std::string* field(const redis::Reply& fields, std::string_view name) {
  if (fields.type() != redis::Reply::Type::array) return nullptr;
  const auto& items = fields.as_array();
  for (std::size_t i = 0; i + 1 < items.size(); i += 2)
    if (items[i].as_string() == name) return &items[i + 1].as_string();
  return nullptr;
}

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

asio::awaitable<std::string> publish_event(redis::Client& client, const core::Uuid& user,
                                           std::string_view type, std::string data) {
  const auto ttl = std::chrono::duration_cast<milliseconds>(kEventReplayWindow).count();
  redis::Args keys{user_stream(user), std::string(kSharedStream)};
  redis::Args args{std::string(type),   std::move(data),
                   user.str(),          std::to_string(kUserStreamCap),
                   std::to_string(ttl), std::to_string(kSharedStreamCap)};
  const redis::Reply reply = co_await client.eval(kPublish, std::move(keys), std::move(args));
  co_return reply.as_string();
}

asio::awaitable<std::vector<Event>> events_after(redis::Client& client, const core::Uuid& user,
                                                 std::string_view last_id, std::size_t limit) {
  std::vector<Event> out;
  const auto last = parse_stream_id(last_id);
  if (!last) co_return out;
  // Exclusive start, and never older than the replay window.
  const auto window = std::chrono::duration_cast<milliseconds>(kEventReplayWindow).count();
  const std::uint64_t oldest =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_unix_ms() - window));
  const std::string start =
      last->ms >= oldest ? "(" + std::string(last_id) : std::to_string(oldest) + "-0";
  const redis::Reply reply = co_await client.command("XRANGE", user_stream(user), start, "+",
                                                     "COUNT", std::to_string(limit));
  if (reply.type() != redis::Reply::Type::array) co_return out;
  for (const auto& entry : reply.as_array()) {
    const auto& parts = entry.as_array();
    if (parts.size() != 2) continue;
    const std::string* type = field(parts[1], "t");
    const std::string* data = field(parts[1], "d");
    if (type && data) out.push_back({parts[0].as_string(), *type, *data});
  }
  co_return out;
}

bool later_event_id(std::string_view a, std::string_view b) {
  const auto x = parse_stream_id(a);
  const auto y = parse_stream_id(b);
  if (!x) return false;
  if (!y) return true;
  return *x > *y;
}

Subscription::Subscription(EventHub& hub, core::Uuid user, asio::any_io_executor executor,
                           std::size_t capacity)
    : hub_(hub), user_(user), executor_(executor), wake_(executor), capacity_(capacity) {}

Subscription::~Subscription() {
  hub_.unsubscribe(this);
}

asio::awaitable<std::optional<Event>> Subscription::next(milliseconds wait) {
  if (queue_.empty() && !ended()) {
    wake_.expires_after(wait);
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (ended() || queue_.empty()) co_return std::nullopt;
  Event event = std::move(queue_.front());
  queue_.pop_front();
  co_return event;
}

void Subscription::stop() {
  stopped_ = true;
  wake_.cancel();
}

void Subscription::deliver(Event event) {
  if (ended()) return;
  if (queue_.size() >= capacity_) {
    overflowed_ = true;  // a client this far behind reconnects and is replayed instead
    queue_.clear();
    hub_.overflows_.fetch_add(1, std::memory_order_relaxed);
  } else {
    queue_.push_back(std::move(event));
    hub_.delivered_.fetch_add(1, std::memory_order_relaxed);
  }
  wake_.cancel();
}

EventHub::EventHub(redis::ClientOptions redis, Options options)
    : redis_options_(std::move(redis)), options_(options) {}

EventHub::~EventHub() = default;

void EventHub::start(asio::any_io_executor executor) {
  reader_ = std::make_unique<redis::Client>(executor, redis_options_);
  reader_executor_ = executor;
  asio::co_spawn(executor, read(), asio::detached);
}

void EventHub::stop() {
  if (!reader_executor_) return;
  asio::post(*reader_executor_, [this] {
    stopping_ = true;
    reader_->close();
  });
}

std::shared_ptr<Subscription> EventHub::subscribe(const core::Uuid& user,
                                                  asio::any_io_executor executor) {
  std::lock_guard lock(mutex_);
  if (subscriptions_.count(user) >= options_.streams_per_user) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  auto subscription =
      std::make_shared<Subscription>(*this, user, std::move(executor), options_.queue_capacity);
  subscriptions_.emplace(user, Entry{subscription.get(), subscription});
  return subscription;
}

void EventHub::unsubscribe(const Subscription* subscription) {
  std::lock_guard lock(mutex_);
  auto [first, last] = subscriptions_.equal_range(subscription->user_);
  for (auto it = first; it != last; ++it)
    if (it->second.address == subscription) {
      subscriptions_.erase(it);
      return;
    }
}

void EventHub::dispatch(const core::Uuid& user, const Event& event) {
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard lock(mutex_);
    auto [first, last] = subscriptions_.equal_range(user);
    for (auto it = first; it != last; ++it)
      if (auto held = it->second.subscription.lock()) targets.push_back(std::move(held));
  }
  for (auto& target : targets)
    asio::post(target->executor_, [target, event] { target->deliver(event); });
}

asio::awaitable<void> EventHub::read() {
  redis::Client& client = *reader_;
  std::string last;  // the shared stream's last id seen; empty until known
  redis::CommandOptions blocking;
  blocking.timeout = kReadBlock + redis_options_.command_timeout;
  bool failed = false;
  while (!stopping_) {
    try {
      if (last.empty()) {
        // Start after what is there now: earlier events are for replays, not for us.
        const redis::Reply newest =
            co_await client.command("XREVRANGE", kSharedStream, "+", "-", "COUNT", "1");
        const auto& entries = newest.as_array();
        last = entries.empty() ? "0-0" : entries.front().as_array().at(0).as_string();
        reading_ = true;
      }
      redis::Args args{"XREAD",
                       "COUNT",
                       std::to_string(kReadBatch),
                       "BLOCK",
                       std::to_string(kReadBlock.count()),
                       "STREAMS",
                       std::string(kSharedStream),
                       last};
      const redis::Reply reply = co_await client.execute(std::move(args), blocking);
      if (reply.is_nil()) continue;
      for (const auto& stream : reply.as_array()) {
        for (const auto& entry : stream.as_array().at(1).as_array()) {
          const auto& parts = entry.as_array();
          last = parts.at(0).as_string();
          const std::string* user = field(parts.at(1), "u");
          const std::string* id = field(parts.at(1), "i");
          const std::string* type = field(parts.at(1), "t");
          const std::string* data = field(parts.at(1), "d");
          const auto owner = user ? core::Uuid::parse(*user) : std::nullopt;
          if (owner && id && type && data) dispatch(*owner, Event{*id, *type, *data});
        }
      }
    } catch (const std::exception& e) {
      if (stopping_) break;
      read_errors_.fetch_add(1, std::memory_order_relaxed);
      core::log_warning("event stream read failed", {{"error", e.what()}});
      failed = true;
    }
    if (failed) {
      // The client backs off its reconnects by itself; this only keeps a broken reply from
      // spinning.
      failed = false;
      asio::steady_timer pause(client.executor(), milliseconds(500));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
}

void EventHub::collect(core::MetricsWriter& out) const {
  std::size_t open = 0;
  {
    std::lock_guard lock(mutex_);
    open = subscriptions_.size();
  }
  out.family("tessera_event_streams_open", "gauge", "Open event streams in this process");
  out.sample("tessera_event_streams_open", {}, static_cast<double>(open));
  out.family("tessera_events_delivered_total", "counter", "Events handed to open streams");
  out.sample("tessera_events_delivered_total", {}, static_cast<double>(delivered_.load()));
  out.family("tessera_event_stream_overflows_total", "counter",
             "Streams ended because their client fell too far behind");
  out.sample("tessera_event_stream_overflows_total", {}, static_cast<double>(overflows_.load()));
  out.family("tessera_event_streams_refused_total", "counter",
             "Event streams refused: too many open for one user");
  out.sample("tessera_event_streams_refused_total", {}, static_cast<double>(refused_.load()));
  out.family("tessera_event_read_errors_total", "counter",
             "Failed reads of the shared event stream (Redis unavailable)");
  out.sample("tessera_event_read_errors_total", {}, static_cast<double>(read_errors_.load()));
}

}  // namespace tessera::services

namespace tessera::services {

EventFeed::EventFeed(std::shared_ptr<Subscription> subscription, std::vector<Event> missed,
                     std::string last_id, redis::Client& client, const SessionStore& sessions,
                     core::Uuid session, std::chrono::milliseconds heartbeat)
    : subscription_(std::move(subscription)),
      missed_(std::make_move_iterator(missed.begin()), std::make_move_iterator(missed.end())),
      last_id_(std::move(last_id)),
      client_(client),
      sessions_(sessions),
      session_(session),
      heartbeat_(heartbeat) {}

boost::asio::awaitable<std::optional<Event>> EventFeed::next() {
  if (ended_) co_return std::nullopt;
  if (!missed_.empty()) {
    Event event = std::move(missed_.front());
    missed_.pop_front();
    last_id_ = event.id;
    co_return event;
  }
  const auto deadline = std::chrono::steady_clock::now() + heartbeat_;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto event = co_await subscription_->next(left);
    if (event) {
      // Live events that the replay already sent are skipped.
      if (!later_event_id(event->id, last_id_)) continue;
      last_id_ = event->id;
      co_return event;
    }
    if (subscription_->ended()) {
      ended_ = true;
      co_return std::nullopt;
    }
  }
  // A heartbeat: the stream goes on only while its session does.
  const bool live = co_await sessions_.touch(client_, session_);
  if (!live) ended_ = true;
  co_return std::nullopt;
}

EventStreams::EventStreams(EventHub& hub, redis::ThreadClients& redis, const SessionStore& sessions,
                           std::chrono::milliseconds heartbeat)
    : hub_(hub), redis_(redis), sessions_(sessions), heartbeat_(heartbeat) {}

boost::asio::awaitable<std::unique_ptr<EventFeed>> EventStreams::open(const core::Uuid& user,
                                                                      const core::Uuid& session,
                                                                      std::string last_event_id) {
  redis::Client& client = redis_.local();
  // Subscribed before the replay is read, so that nothing falls between the two.
  auto subscription = hub_.subscribe(user, client.executor());
  if (!subscription) throw TooMany("Too many event streams open", std::chrono::seconds(5));
  std::vector<Event> missed;
  if (!last_event_id.empty()) missed = co_await events_after(client, user, last_event_id);
  co_return std::make_unique<EventFeed>(std::move(subscription), std::move(missed),
                                        std::move(last_event_id), client, sessions_, session,
                                        heartbeat_);
}

}  // namespace tessera::services
