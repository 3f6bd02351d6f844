#pragma once
// Live events of a user's images and tasks (GET /api/v1/events), across processes.
//
// A worker (or any process) publishes an event with one script that appends it to two Redis
// streams: the user's own (`tessera:events:<user>`, capped, expiring 5 minutes after its
// last event: what a reconnecting client is replayed) and the shared one (`tessera:events`,
// capped) that every API process reads with a blocking XREAD on a connection of its own.
// Each API process hands what it reads to the subscriptions of that user it holds: one per
// open event stream, each with a bounded queue on its connection's thread. An event's id is
// its id in the user's stream, so ids are ordered per user and survive any process.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/metrics.hpp"
#include "core/uuid.hpp"
#include "redis/client.hpp"
#include "redis/thread_clients.hpp"

namespace tessera::services {

struct Event {
  std::string id;    // "<ms>-<seq>", the user's stream id
  std::string type;  // "image", "task"
  std::string data;  // JSON
};

// How long a user's events can be replayed.
inline constexpr std::chrono::minutes kEventReplayWindow{5};

// Appends an event to the user's stream and the shared one; returns its id.
boost::asio::awaitable<std::string> publish_event(redis::Client& client, const core::Uuid& user,
                                                  std::string_view type, std::string data);

// The user's events after `last_id` (a stream id, exclusive) that are at most
// kEventReplayWindow old, oldest first, at most `limit`. A malformed `last_id` gives none.
boost::asio::awaitable<std::vector<Event>> events_after(redis::Client& client,
                                                        const core::Uuid& user,
                                                        std::string_view last_id,
                                                        std::size_t limit = 1000);

// True when `a` is a later stream id than `b` (both "<ms>-<seq>").
bool later_event_id(std::string_view a, std::string_view b);

class EventHub;

// One open event stream's view of the hub. Lives on the thread that subscribed; the hub's
// reader posts events to it there.
class Subscription : public std::enable_shared_from_this<Subscription> {
 public:
  Subscription(EventHub& hub, core::Uuid user, boost::asio::any_io_executor executor,
               std::size_t capacity);
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // The next event, waiting at most `wait`; nullopt when none came in time, or once the
  // subscription has ended (stop(), or more events arrived than its queue holds: the
  // client then reconnects and is replayed what it missed).
  boost::asio::awaitable<std::optional<Event>> next(std::chrono::milliseconds wait);
  bool ended() const { return stopped_ || overflowed_; }
  bool overflowed() const { return overflowed_; }
  // From the subscription's thread.
  void stop();

 private:
  friend class EventHub;
  void deliver(Event event);  // on the subscription's thread

  EventHub& hub_;
  core::Uuid user_;
  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer wake_;
  std::deque<Event> queue_;
  std::size_t capacity_;
  bool stopped_ = false;
  bool overflowed_ = false;
};

class EventHub {
 public:
  struct Options {
    std::size_t streams_per_user = 10;  // per API process
    std::size_t queue_capacity = 256;   // events waiting for one slow client
  };
  EventHub(redis::ClientOptions redis, Options options);
  ~EventHub();

  // Starts reading the shared stream on `executor` with a connection of its own.
  void start(boost::asio::any_io_executor executor);
  // From any thread: ends the read (the connection closes) on the reader's thread.
  void stop();

  // A new subscription for `user` on the calling thread's `executor`; nullptr when the user
  // has streams_per_user open already in this process.
  std::shared_ptr<Subscription> subscribe(const core::Uuid& user,
                                          boost::asio::any_io_executor executor);

  // True once the reader knows where the shared stream stands: events published from then
  // on reach the subscriptions.
  bool reading() const { return reading_.load(); }

  void collect(core::MetricsWriter& out) const;

 private:
  friend class Subscription;
  void unsubscribe(const Subscription* subscription);
  boost::asio::awaitable<void> read();
  void dispatch(const core::Uuid& user, const Event& event);

  redis::ClientOptions redis_options_;
  Options options_;
  std::unique_ptr<redis::Client> reader_;
  std::optional<boost::asio::any_io_executor> reader_executor_;
  bool stopping_ = false;  // on the reader's thread
  std::atomic<bool> reading_{false};

  mutable std::mutex mutex_;
  struct Entry {
    const Subscription* address;  // to remove it without locking the weak pointer
    std::weak_ptr<Subscription> subscription;
  };
  std::multimap<core::Uuid, Entry> subscriptions_;
  std::atomic<std::uint64_t> delivered_{0}, overflows_{0}, refused_{0}, read_errors_{0};
};

}  // namespace tessera::services

namespace tessera::services {

class SessionStore;

// One client's event stream: what it missed (Last-Event-ID), then live events, each newer
// than the last one sent; while nothing happens, a heartbeat at which the session is
// checked (and counts as used), so that a revoked session's stream ends.
class EventFeed {
 public:
  EventFeed(std::shared_ptr<Subscription> subscription, std::vector<Event> missed,
            std::string last_id, redis::Client& client, const SessionStore& sessions,
            core::Uuid session, std::chrono::milliseconds heartbeat);

  // The next event; nullopt for a heartbeat, or when the feed has ended (ended()).
  boost::asio::awaitable<std::optional<Event>> next();
  bool ended() const { return ended_; }
  // From the feed's thread: ends it at its next wake-up.
  void stop() { subscription_->stop(); }

 private:
  std::shared_ptr<Subscription> subscription_;
  std::deque<Event> missed_;
  std::string last_id_;
  redis::Client& client_;
  const SessionStore& sessions_;
  core::Uuid session_;
  std::chrono::milliseconds heartbeat_;
  bool ended_ = false;
};

// Opens feeds for the API's event route.
class EventStreams {
 public:
  EventStreams(EventHub& hub, redis::ThreadClients& redis, const SessionStore& sessions,
               std::chrono::milliseconds heartbeat);

  // TooMany when the user has too many streams open in this process. `last_event_id` is
  // the client's Last-Event-ID header (empty: none).
  boost::asio::awaitable<std::unique_ptr<EventFeed>> open(const core::Uuid& user,
                                                          const core::Uuid& session,
                                                          std::string last_event_id);

 private:
  EventHub& hub_;
  redis::ThreadClients& redis_;
  const SessionStore& sessions_;
  std::chrono::milliseconds heartbeat_;
};

}  // namespace tessera::services
