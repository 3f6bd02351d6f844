// services::EventHub and the event streams on the Redis of scripts/services: what one
// process publishes reaches the subscriptions of that user only, a slow subscription ends
// instead of growing, the replay after a Last-Event-ID, and the limit of streams per user.

#include "services/events.hpp"

#include <chrono>
#include <string>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using redis::testing::run;

class EventHubTest : public ::testing::Test {
 protected:
  void start(EventHub& hub) {
    hub.start(io.get_executor());
    // The reader first learns where the shared stream stands.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!hub.reading() && std::chrono::steady_clock::now() < deadline) io.run_one_for(100ms);
    ASSERT_TRUE(hub.reading());
  }
  void stop(EventHub& hub) {
    hub.stop();
    io.poll();
  }
  std::string publish(const core::Uuid& user, std::string data) {
    return run(io, publish_event(client, user, "image", std::move(data)));
  }

  asio::io_context io;
  redis::Client client{io.get_executor(), redis::testing::client_options()};
  core::Uuid alice = core::Uuid::random();
  core::Uuid bob = core::Uuid::random();
};

TEST_F(EventHubTest, EventsReachTheSubscriptionsOfTheirUserOnly) {
  EventHub hub(redis::testing::client_options(), {});
  start(hub);
  auto first = hub.subscribe(alice, io.get_executor());
  auto second = hub.subscribe(alice, io.get_executor());
  auto other = hub.subscribe(bob, io.get_executor());
  const std::string id = publish(alice, R"({"n":1})");
  for (auto* subscription : {&first, &second}) {
    const auto event = run(io, (*subscription)->next(30s));
    ASSERT_TRUE(event);
    EXPECT_EQ(event->id, id);
    EXPECT_EQ(event->type, "image");
    EXPECT_EQ(event->data, R"({"n":1})");
  }
  // Bob's own event is the first he sees: Alice's never reached him.
  const std::string his = publish(bob, R"({"n":2})");
  const auto event = run(io, other->next(30s));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->id, his);
  stop(hub);
}

TEST_F(EventHubTest, ASubscriptionThatFallsBehindEndsInsteadOfGrowing) {
  EventHub hub(redis::testing::client_options(), {.streams_per_user = 10, .queue_capacity = 2});
  start(hub);
  auto slow = hub.subscribe(alice, io.get_executor());
  for (int i = 0; i < 3; ++i) publish(alice, std::to_string(i));
  ASSERT_TRUE(redis::testing::eventually([&] {
    io.poll();
    return slow->ended();
  }));
  EXPECT_TRUE(slow->overflowed());
  EXPECT_FALSE(run(io, slow->next(10ms)));  // what it held is dropped: the client replays
  stop(hub);
}

TEST_F(EventHubTest, StreamsPerUserAreBounded) {
  EventHub hub(redis::testing::client_options(), {.streams_per_user = 2, .queue_capacity = 8});
  auto one = hub.subscribe(alice, io.get_executor());
  auto two = hub.subscribe(alice, io.get_executor());
  EXPECT_TRUE(one && two);
  EXPECT_FALSE(hub.subscribe(alice, io.get_executor()));
  EXPECT_TRUE(hub.subscribe(bob, io.get_executor()));  // another user's count
  one.reset();
  EXPECT_TRUE(hub.subscribe(alice, io.get_executor()));
}

TEST_F(EventHubTest, ReplayGivesWhatCameAfterAnIdInOrder) {
  const std::string a = publish(alice, "a");
  const std::string b = publish(alice, "b");
  const std::string c = publish(alice, "c");
  publish(bob, "not alice's");
  const auto after_a = run(io, events_after(client, alice, a));
  ASSERT_EQ(after_a.size(), 2u);
  EXPECT_EQ(after_a[0].id, b);
  EXPECT_EQ(after_a[0].data, "b");
  EXPECT_EQ(after_a[1].id, c);
  EXPECT_TRUE(run(io, events_after(client, alice, c)).empty());
  EXPECT_TRUE(run(io, events_after(client, alice, "not-an-id")).empty());
  EXPECT_TRUE(run(io, events_after(client, alice, "")).empty());
  // An id older than the replay window gives the window, not more.
  EXPECT_EQ(run(io, events_after(client, alice, "1-0")).size(), 3u);
}

TEST(EventIds, OrderedByTimeThenSequence) {
  EXPECT_TRUE(later_event_id("2-0", "1-5"));
  EXPECT_TRUE(later_event_id("1-6", "1-5"));
  EXPECT_FALSE(later_event_id("1-5", "1-5"));
  EXPECT_FALSE(later_event_id("1-4", "1-5"));
  EXPECT_TRUE(later_event_id("10-0", "9-0"));  // numbers, not text
  EXPECT_TRUE(later_event_id("1-0", ""));      // anything is later than nothing
  EXPECT_FALSE(later_event_id("x-0", "1-0"));
  EXPECT_FALSE(later_event_id("1-", "0-0"));
}

}  // namespace
}  // namespace tessera::services
