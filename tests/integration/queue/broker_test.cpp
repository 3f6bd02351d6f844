#include "queue/broker.hpp"

#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::queue {
namespace {

using redis::testing::client_options;
using redis::testing::run;
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

class BrokerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    run(io, [&]() -> asio::awaitable<void> {
      redis::Args keys{"DEL", broker.keys().scheduled, broker.keys().dead, queue, other};
      co_await client.execute(std::move(keys));
    }());
  }

  std::int64_t score_of(const std::string& member) {
    return run(io, [&]() -> asio::awaitable<std::int64_t> {
      const redis::Reply reply = co_await client.command("ZSCORE", broker.keys().scheduled, member);
      co_return std::stoll(reply.as_string());
    }());
  }

  // The messages on a queue in the order a worker takes them (BLMOVE RIGHT).
  std::vector<TaskMessage> drain(const std::string& name) {
    return run(io, [&]() -> asio::awaitable<std::vector<TaskMessage>> {
      std::vector<TaskMessage> messages;
      for (;;) {
        const redis::Reply reply = co_await client.command("RPOP", name);
        if (reply.is_nil()) break;
        messages.push_back(decode_message(reply.as_string()));
      }
      co_return messages;
    }());
  }

  asio::io_context io;
  redis::Client client{io.get_executor(), client_options()};
  std::string prefix = redis::testing::unique_prefix("queue");
  Broker broker{QueueKeys{.scheduled = prefix + "scheduled", .dead = prefix + "dead"}};
  std::string queue = prefix + "q";
  std::string other = prefix + "other";
};

std::int64_t epoch_ms(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TEST_F(BrokerTest, EnqueuePushesACeleryEnvelopeOnTheQueue) {
  const std::string id = run(io, [&]() -> asio::awaitable<std::string> {
    EnqueueOptions options{.queue = queue, .max_retries = 3, .time_limit = 30s};
    json::array args{1, "two"};
    json::object kwargs{{"k", "v"}};
    co_return co_await broker.enqueue(client, "tessera.echo", std::move(args), std::move(kwargs),
                                      std::move(options));
  }());
  ASSERT_TRUE(core::Uuid::parse(id));
  EXPECT_EQ(run(io, broker.depth(client, queue)), 1);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 0);

  const std::string raw = run(io, [&]() -> asio::awaitable<std::string> {
    co_return (co_await client.command("LINDEX", queue, "0")).as_string();
  }());
  // What a Celery worker looks at before decoding the body.
  const json::object envelope = json::parse(raw).as_object();
  EXPECT_EQ(envelope.at("headers").at("task").as_string(), "tessera.echo");
  EXPECT_EQ(envelope.at("headers").at("id").as_string(), id);
  EXPECT_EQ(envelope.at("headers").at("lang").as_string(), "py");
  EXPECT_EQ(envelope.at("content-type").as_string(), "application/json");
  EXPECT_EQ(envelope.at("properties").at("body_encoding").as_string(), "base64");
  EXPECT_EQ(envelope.at("properties").at("delivery_info").at("routing_key").as_string(), queue);

  const TaskMessage message = decode_message(raw);
  EXPECT_EQ(message.id.str(), id);
  EXPECT_EQ(message.root_id, message.id);
  EXPECT_EQ(message.name, "tessera.echo");
  EXPECT_EQ(message.args, (json::array{1, "two"}));
  EXPECT_EQ(message.kwargs, (json::object{{"k", "v"}}));
  EXPECT_EQ(message.retries, 0);
  EXPECT_EQ(message.max_retries, 3);
  EXPECT_EQ(message.time_limit, 30s);
  EXPECT_FALSE(message.eta);
}

TEST_F(BrokerTest, ImmediateTasksAreTakenInOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(run(io, broker.enqueue(client, "tessera.echo", json::array{i}, {},
                                         EnqueueOptions{.queue = queue})));
  const auto messages = drain(queue);
  ASSERT_EQ(messages.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(messages[i].id.str(), ids[i]);
}

TEST_F(BrokerTest, CountdownWaitsInTheScheduledSet) {
  const auto before = core::now();
  run(io, broker.enqueue(client, "tessera.echo", {}, {},
                         EnqueueOptions{.countdown = 1h, .queue = queue}));
  EXPECT_EQ(run(io, broker.depth(client, queue)), 0);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 1);

  const auto members = run(io, [&]() -> asio::awaitable<redis::Reply> {
    co_return co_await client.command("ZRANGE", broker.keys().scheduled, "0", "-1");
  }());
  const std::string& member = members.as_array().at(0).as_string();
  ASSERT_TRUE(member.starts_with(queue + "\n"));
  const TaskMessage message = decode_message(member.substr(queue.size() + 1));
  ASSERT_TRUE(message.eta);
  EXPECT_GE(*message.eta, before + 1h);
  EXPECT_EQ(score_of(member), epoch_ms(*message.eta));
}

TEST_F(BrokerTest, PastEtaIsQueuedAtOnce) {
  run(io, broker.enqueue(client, "tessera.echo", {}, {},
                         EnqueueOptions{.eta = core::now() - 1s, .queue = queue}));
  EXPECT_EQ(run(io, broker.depth(client, queue)), 1);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 0);
}

TEST_F(BrokerTest, PromoteDueMovesOnlyDueMessagesIntoTheirQueues) {
  const auto now = core::now();
  auto at = [&](std::string name, core::Timestamp eta, std::string to) {
    TaskMessage message = make_message(std::move(name));
    message.eta = eta;
    message.queue = std::move(to);
    run(io, broker.send(client, message));
    return message.id;
  };
  const auto second = at("b", now + 2h, queue);
  const auto first = at("a", now + 1h, queue);
  const auto elsewhere = at("c", now + 90min, other);
  const auto later = at("d", now + 3h, queue);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 4);

  EXPECT_EQ(run(io, broker.promote_due(client, now + 30min)), 0);
  EXPECT_EQ(run(io, broker.promote_due(client, now + 2h + 1s)), 3);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 1);

  const auto queued = drain(queue);
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[0].id, first);  // in due order
  EXPECT_EQ(queued[1].id, second);
  const auto moved = drain(other);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].id, elsewhere);

  EXPECT_EQ(run(io, broker.promote_due(client, now + 4h)), 1);
  const auto last = drain(queue);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].id, later);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 0);
}

TEST_F(BrokerTest, PromoteDueHonoursTheLimit) {
  const auto now = core::now();
  for (int i = 0; i < 5; ++i) {
    TaskMessage message = make_message("t");
    message.eta = now + 1h + std::chrono::seconds(i);
    message.queue = queue;
    run(io, broker.send(client, message));
  }
  EXPECT_EQ(run(io, broker.promote_due(client, now + 2h, 2)), 2);
  EXPECT_EQ(run(io, broker.depth(client, queue)), 2);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 3);
  EXPECT_EQ(run(io, broker.promote_due(client, now + 2h, 10)), 3);
  EXPECT_EQ(run(io, broker.depth(client, queue)), 5);
}

TEST_F(BrokerTest, ScheduleRetryAddsOneRetry) {
  TaskMessage message = make_message("flaky", json::array{"x"});
  message.queue = queue;
  message.retries = 1;
  const auto eta = core::now() + 10min;
  run(io, broker.schedule_retry(client, message, eta));
  EXPECT_EQ(run(io, broker.depth(client, queue)), 0);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 1);

  EXPECT_EQ(run(io, broker.promote_due(client, eta)), 1);
  const auto queued = drain(queue);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].id, message.id);
  EXPECT_EQ(queued[0].root_id, message.root_id);
  EXPECT_EQ(queued[0].retries, 2);
  EXPECT_EQ(queued[0].eta, eta);
  EXPECT_EQ(queued[0].args, message.args);
}

TEST_F(BrokerTest, DeadLettersAreListedNewestFirst) {
  TaskMessage message = make_message("doomed");
  message.queue = queue;
  const auto before = core::now() - 1s;
  run(io, broker.dead_letter(client, message, "max retries exceeded"));
  run(io, broker.dead_letter_raw(client, "not an envelope", "undecodable"));
  EXPECT_EQ(run(io, broker.dead_count(client)), 2);

  const auto letters = run(io, broker.dead_letters(client, 10));
  ASSERT_EQ(letters.size(), 2u);
  EXPECT_EQ(letters[0].envelope, "not an envelope");
  EXPECT_FALSE(letters[0].message);
  EXPECT_EQ(letters[0].reason, "undecodable");
  ASSERT_TRUE(letters[1].message);
  EXPECT_EQ(letters[1].message->id, message.id);
  EXPECT_EQ(letters[1].reason, "max retries exceeded");
  EXPECT_GE(letters[1].failed_at, before);
  EXPECT_LE(letters[1].failed_at, core::now());

  EXPECT_EQ(run(io, broker.dead_letters(client, 1)).size(), 1u);
  EXPECT_TRUE(run(io, broker.dead_letters(client, 0)).empty());
}

TEST_F(BrokerTest, AScheduledEntryWithoutAQueueIsDeadLettered) {
  run(io, [&]() -> asio::awaitable<void> {
    co_await client.command("ZADD", broker.keys().scheduled, "1", "garbage");
  }());
  EXPECT_EQ(run(io, broker.promote_due(client, core::now())), 1);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 0);
  const auto letters = run(io, broker.dead_letters(client));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].envelope, "garbage");
  EXPECT_FALSE(letters[0].message);
}

TEST_F(BrokerTest, QueueNamesWithANewlineAreRefused) {
  TaskMessage message = make_message("t");
  message.queue = "bad\nname";
  EXPECT_THROW(run(io, broker.send(client, message)), std::invalid_argument);
  message.queue = "";
  EXPECT_THROW(run(io, broker.send(client, message)), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::queue
