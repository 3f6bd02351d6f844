// The worker runtime against the real redis-server: each test runs Worker::run() on a
// thread of its own, with Redis keys and a queue of its own, and watches the outcome the
// way a client would (result records, queue, scheduled set, dead letters).

#include "queue/worker.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "core/cpu_pool.hpp"
#include "queue/broker.hpp"
#include "queue/result_store.hpp"
#include "queue/task_args.hpp"
#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::queue {
namespace {

using redis::testing::client_options;
using redis::testing::eventually;
using redis::testing::run;
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

// A worker with an io_context and a thread pool of its own, as the worker process gives it.
struct OwnWorker {
  OwnWorker(WorkerOptions o, const TaskRegistry& registry)
      : cpu(o.concurrency), worker(io, cpu.executor(), client_options(), std::move(o), registry) {}
  void run() { worker.run(); }
  void stop() { worker.stop(); }
  const WorkerInfo& info() const { return worker.info(); }

  asio::io_context io{1};
  core::CpuPool cpu;
  Worker worker;
};

// A task whose arguments are declared as a struct (queue/task_args.hpp).
struct GreetArgs {
  static constexpr std::string_view task = "t.greet";
  std::string name;
  int times = 0;
};
BOOST_DESCRIBE_STRUCT(GreetArgs, (), (name, times))

// What the test tasks saw, shared with the worker's threads.
struct Observed {
  std::atomic<int> runs{0};
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<bool> stop_seen{false};
  std::atomic<bool> gate_open{false};      // lets t.gate tasks finish
  std::atomic<int> hooks{0};               // failure hooks run
  std::atomic<int> hook_cause{-1};         // the last hook's FailureCause
  std::atomic<Clock::rep> first_start{0};  // when t.sleep or t.gate first ran; 0: never

  // A t.sleep or t.gate run begins.
  void enter() {
    Clock::rep none = 0;
    first_start.compare_exchange_strong(none, Clock::now().time_since_epoch().count());
    ++runs;
    const int now = ++running;
    int previous = max_running;
    while (now > previous && !max_running.compare_exchange_weak(previous, now)) {
    }
  }
  Clock::time_point first_started() const {
    return Clock::time_point(Clock::duration(first_start.load()));
  }
};

// The time a scheduled task may run before its due time: the scheduled set keeps whole
// milliseconds.
constexpr auto kDueRounding = 1ms;

class WorkerTest : public ::testing::Test {
 protected:
  WorkerTest() {
    add_builtin_tasks(registry);
    registry.add("t.sleep", [this](TaskContext& task) -> asio::awaitable<json::value> {
      seen.enter();
      try {
        co_await sleep_for(std::chrono::milliseconds(task.args.at(0).to_number<int>()));
      } catch (...) {
        --seen.running;
        throw;
      }
      --seen.running;
      co_return "slept";
    });
    // Runs until the test opens the gate; gives up after a minute, so that a test waiting
    // on it in vain still ends.
    registry.add("t.gate", [this](TaskContext&) -> asio::awaitable<json::value> {
      seen.enter();
      const auto until = Clock::now() + 60s;
      try {
        while (!seen.gate_open && Clock::now() < until) co_await sleep_for(5ms);
      } catch (...) {
        --seen.running;
        throw;
      }
      --seen.running;
      co_return "passed";
    });
    registry.add("t.fail", [this](TaskContext&) -> asio::awaitable<json::value> {
      ++seen.runs;
      throw std::runtime_error("boom");
      co_return nullptr;
    });
    registry.add("t.permanent", [this](TaskContext&) -> asio::awaitable<json::value> {
      ++seen.runs;
      throw PermanentTaskError("bad input");
      co_return nullptr;
    });
    TaskOptions hooked;
    hooked.on_failure = [this](const TaskFailure& failure) -> asio::awaitable<void> {
      ++seen.hooks;
      seen.hook_cause = static_cast<int>(failure.cause);
      co_return;
    };
    registry.add(
        "t.hooked",
        [this](TaskContext& task) -> asio::awaitable<json::value> {
          ++seen.runs;
          if (!task.args.empty()) co_await sleep_for(std::chrono::milliseconds(10000));
          throw std::runtime_error("boom");
        },
        hooked);
    registry.add_blocking("t.block", [this](const TaskContext& task) -> json::value {
      ++seen.runs;
      const auto until = Clock::now() + std::chrono::milliseconds(task.args.at(0).to_number<int>());
      while (Clock::now() < until) {
        if (task.stop.stop_requested()) {
          seen.stop_seen = true;
          throw std::runtime_error("stopped");
        }
        std::this_thread::sleep_for(2ms);
      }
      return "blocked";
    });
  }

  ~WorkerTest() override {
    for (auto& [worker, thread] : workers) {
      worker->stop();
      worker->stop();
      thread.join();
    }
    run(io, cleanup());
    client.close();
  }

  asio::awaitable<void> cleanup() {
    std::int64_t cursor = 0;
    do {
      const redis::Reply reply =
          co_await client.command("SCAN", std::to_string(cursor), "MATCH", prefix + "*");
      cursor = std::stoll(reply.as_array().at(0).as_string());
      for (const auto& key : reply.as_array().at(1).as_array())
        co_await client.del(key.as_string());
    } while (cursor != 0);
  }

  WorkerOptions options() {
    WorkerOptions o;
    o.queues = {queue};
    o.concurrency = 2;
    o.heartbeat_interval = 100ms;
    o.promote_interval = 50ms;
    o.take_wait = 500ms;
    o.shutdown_grace = 5s;
    o.result_ttl = 300s;
    o.defaults.retry_backoff = 100ms;
    o.defaults.retry_backoff_max = 1s;
    o.keys = keys;
    return o;
  }

  Worker& start(WorkerOptions o) {
    auto worker = std::make_unique<OwnWorker>(std::move(o), registry);
    OwnWorker& started = *worker;
    std::thread thread([&started] { started.run(); });
    workers.emplace_back(std::move(worker), std::move(thread));
    return started.worker;
  }
  Worker& start() { return start(options()); }

  // Stops the last worker started and waits until run() returns.
  void stop_last() {
    auto& [worker, thread] = workers.back();
    worker->stop();
    thread.join();
    workers.pop_back();
  }

  std::string enqueue(std::string name, json::array args = {}, EnqueueOptions o = {}) {
    if (o.queue == kDefaultQueue) o.queue = queue;
    return run(io, broker.enqueue(client, std::move(name), std::move(args), {}, std::move(o)));
  }

  std::optional<TaskResult> result_of(const std::string& id) {
    return run(io, results.fetch(client, core::Uuid::parse(id).value()));
  }

  // The first record of `id` in a ready state (SUCCESS or FAILURE), or none by the deadline.
  std::optional<TaskResult> wait_ready(const std::string& id,
                                       std::chrono::milliseconds limit = 30s) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (auto result = result_of(id); result && is_ready(result->state)) return result;
      std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
  }

  // True once `worker` has announced itself (it takes tasks right after).
  bool registered(const Worker& worker) {
    return execute({"HEXISTS", keys.workers, worker.info().id}).as_integer() == 1;
  }

  std::int64_t length(const std::string& list) {
    return run(io, [&]() -> asio::awaitable<std::int64_t> {
      co_return (co_await client.command("LLEN", list)).as_integer();
    }());
  }

  redis::Reply execute(redis::Args args) { return run(io, client.execute(std::move(args))); }

  asio::io_context io;
  redis::Client client{io.get_executor(), client_options()};
  std::string prefix = redis::testing::unique_prefix("worker");
  QueueKeys keys{.scheduled = prefix + "scheduled",
                 .dead = prefix + "dead",
                 .workers = prefix + "workers",
                 .alive_prefix = prefix + "alive:",
                 .processing_prefix = prefix + "processing:",
                 .sent_prefix = prefix + "sent:",
                 .delivered_prefix = prefix + "delivered:"};
  std::string queue = prefix + "queue";
  Broker broker{keys};
  ResultStore results{std::chrono::seconds(300)};
  TaskRegistry registry;
  Observed seen;
  std::vector<std::pair<std::unique_ptr<OwnWorker>, std::thread>> workers;
};

TEST_F(WorkerTest, EchoRunsAndItsResultIsStoredLikeCelerys) {
  start();
  const std::string id = enqueue("tessera.echo", json::array{1, "two"});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(result->result, (json::array{1, "two"}));
  EXPECT_TRUE(result->date_done);
  EXPECT_EQ(length(queue), 0);
  EXPECT_TRUE(eventually(
      [&] { return length(keys.processing_key(workers[0].first->info().id, queue)) == 0; }));
}

TEST_F(WorkerTest, FailingTaskIsRetriedWithBackoffThenDeadLettered) {
  start();
  const auto sent = Clock::now();
  const std::string id = enqueue("t.fail", {}, EnqueueOptions{.max_retries = 2});
  const auto result = wait_ready(id);
  const auto took = Clock::now() - sent;
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  ASSERT_TRUE(result->error);
  EXPECT_EQ(result->error->type, "RuntimeError");
  EXPECT_EQ(result->error->message, "boom");
  EXPECT_EQ(seen.runs, 3);
  // Backoff 100 ms doubled, each at least half of itself: 50 ms then 100 ms at least.
  EXPECT_GE(took, 150ms);
  const auto dead = run(io, broker.dead_letters(client));
  ASSERT_EQ(dead.size(), 1u);
  ASSERT_TRUE(dead[0].message);
  EXPECT_EQ(dead[0].message->id.str(), id);
  EXPECT_EQ(dead[0].message->retries, 2);
  EXPECT_EQ(dead[0].reason, "RuntimeError: boom (after 2 retries)");
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 0);
}

TEST_F(WorkerTest, RetryStateIsStoredBetweenAttempts) {
  WorkerOptions o = options();
  o.defaults.retry_backoff = 1s;
  o.defaults.retry_backoff_max = 1s;
  // This worker promotes nothing after its first look: the retry stays scheduled, between
  // its attempts, for as long as the test looks at it.
  o.promote_interval = 1h;
  start(o);
  const std::string id = enqueue("t.fail", {}, EnqueueOptions{.max_retries = 1});
  ASSERT_TRUE(eventually([&] {
    const auto result = result_of(id);
    return result && result->state == TaskState::RETRY;
  }));
  const auto retry = result_of(id);
  ASSERT_TRUE(retry && retry->error);
  EXPECT_EQ(retry->state, TaskState::RETRY);
  EXPECT_EQ(retry->error->type, "Retry");
  EXPECT_NE(retry->error->message.find("boom"), std::string::npos);
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 1);
  EXPECT_EQ(seen.runs, 1);
  stop_last();
  start();  // promotes the retry when it is due
  const auto result = wait_ready(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_EQ(seen.runs, 2);
}

TEST_F(WorkerTest, PermanentErrorFailsWithoutRetries) {
  start();
  const std::string id = enqueue("t.permanent", {}, EnqueueOptions{.max_retries = 5});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_EQ(result->error->type, "PermanentTaskError");
  EXPECT_EQ(seen.runs, 1);
  EXPECT_EQ(run(io, broker.dead_count(client)), 1);
}

TEST_F(WorkerTest, CountdownIsHonoured) {
  start();
  const auto sent = Clock::now();
  const std::string id = enqueue("t.sleep", json::array{0}, EnqueueOptions{.countdown = 1000ms});
  // Watched from the start: neither a run nor a result record before the countdown ends.
  std::optional<Clock::time_point> first_record;
  std::optional<TaskResult> result;
  ASSERT_TRUE(eventually([&] {
    result = result_of(id);
    if (result && !first_record) first_record = Clock::now();
    return result && is_ready(result->state);
  }));
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(seen.runs, 1);
  EXPECT_GE(seen.first_started() - sent, 1000ms - kDueRounding);
  EXPECT_GE(*first_record - sent, 1000ms - kDueRounding);
}

TEST_F(WorkerTest, ExpiredTaskIsNotRun) {
  start();
  const std::string id =
      enqueue("t.sleep", json::array{0}, EnqueueOptions{.expires = core::now() - 1s});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_EQ(result->error->type, "TaskRevokedError");
  EXPECT_EQ(seen.runs, 0);
}

TEST_F(WorkerTest, TaskThatExpiresWhileScheduledIsNotRun) {
  start();
  const std::string id =
      enqueue("t.sleep", json::array{0},
              EnqueueOptions{.countdown = 600ms, .expires = core::now() + 300ms});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->error->type, "TaskRevokedError");
  EXPECT_EQ(seen.runs, 0);
}

TEST_F(WorkerTest, TimeLimitCancelsACoroutineTask) {
  start();
  const std::string id =
      enqueue("t.sleep", json::array{10000}, EnqueueOptions{.max_retries = 3, .time_limit = 200ms});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_EQ(result->error->type, "TimeLimitExceeded");
  EXPECT_EQ(seen.runs, 1);  // not retried, as with Celery's hard limit
  EXPECT_TRUE(eventually([&] { return seen.running == 0; }));  // cancelled, not left running
}

TEST_F(WorkerTest, TimeLimitAsksABlockingTaskToStop) {
  start();
  const std::string id =
      enqueue("t.block", json::array{10000}, EnqueueOptions{.time_limit = 200ms});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->error->type, "TimeLimitExceeded");
  EXPECT_TRUE(eventually([&] { return seen.stop_seen.load(); }));
}

TEST_F(WorkerTest, BlockingTaskRunsOnThePool) {
  start();
  const std::string id = enqueue("t.block", json::array{50});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(result->result, json::value("blocked"));
}

TEST_F(WorkerTest, UnregisteredTaskFailsAndIsDeadLettered) {
  start();
  const std::string id = enqueue("t.nobody_knows");
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->error->type, "NotRegistered");
  const auto dead = run(io, broker.dead_letters(client));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].reason, "unregistered task t.nobody_knows");
}

TEST_F(WorkerTest, DeclaredArgumentsAreDecodedFromKeywordsOrPositions) {
  add_task<GreetArgs>(registry,
                      [](TaskContext&, const GreetArgs& args) -> asio::awaitable<json::value> {
                        std::string out;
                        for (int i = 0; i < args.times; ++i) out += "hi " + args.name + ";";
                        co_return json::value(out);
                      });
  start();
  EnqueueOptions o;
  o.queue = queue;
  const std::string by_name =
      run(io, broker.enqueue(client, GreetArgs{.name = "ada", .times = 2}, o));
  const std::string by_position = enqueue("t.greet", json::array{"bob", 1});
  EXPECT_EQ(wait_ready(by_name)->result, json::value("hi ada;hi ada;"));
  EXPECT_EQ(wait_ready(by_position)->result, json::value("hi bob;"));
}

TEST_F(WorkerTest, BadDeclaredArgumentsAreDeadLetteredWithTheReason) {
  add_task<GreetArgs>(registry, [](TaskContext&, const GreetArgs&) -> asio::awaitable<json::value> {
    co_return nullptr;
  });
  start();
  EnqueueOptions o;
  o.queue = queue;
  const std::string wrong_type =
      run(io, broker.enqueue(client, "t.greet", json::array(),
                             json::object{{"name", "ada"}, {"times", "x"}}, o));
  const std::string unknown =
      run(io, broker.enqueue(client, "t.greet", json::array(),
                             json::object{{"name", "ada"}, {"times", 1}, {"loud", true}}, o));
  const auto failed = wait_ready(wrong_type);
  ASSERT_TRUE(failed && failed->error);
  EXPECT_EQ(failed->error->type, "TypeError");
  EXPECT_NE(failed->error->message.find("kwargs.times"), std::string::npos)
      << failed->error->message;
  ASSERT_TRUE(wait_ready(unknown));
  EXPECT_EQ(seen.runs, 0);
  const auto dead = run(io, broker.dead_letters(client));
  ASSERT_EQ(dead.size(), 2u);
  const std::string reasons = dead[0].reason + "\n" + dead[1].reason;
  EXPECT_NE(reasons.find("TypeError: t.greet: 1 validation error: kwargs.times"), std::string::npos)
      << reasons;
  EXPECT_NE(reasons.find("TypeError: t.greet got an unexpected keyword argument 'loud'"),
            std::string::npos)
      << reasons;
}

TEST_F(WorkerTest, UndecodableMessageIsDeadLetteredNotLost) {
  start();
  execute({"LPUSH", queue, "this is not a task"});
  ASSERT_TRUE(eventually([&] { return run(io, broker.dead_count(client)) == 1; }));
  const auto dead = run(io, broker.dead_letters(client));
  EXPECT_EQ(dead[0].envelope, "this is not a task");
  EXPECT_NE(dead[0].reason.find("undecodable message"), std::string::npos);
  EXPECT_EQ(length(queue), 0);
}

TEST_F(WorkerTest, EtaMessageOnTheQueueWaitsInTheScheduledSet) {
  // This worker promotes nothing after its first look: what it schedules stays in the
  // scheduled set for as long as the test looks at it.
  WorkerOptions holding = options();
  holding.promote_interval = 1h;
  const Worker& first = start(holding);
  ASSERT_TRUE(eventually([&] { return registered(first); }));
  // What a Celery client does with apply_async(eta=...): straight onto the queue. The ETA
  // leaves the waiting worker ample time to take the message before it is due.
  TaskMessage message = make_message("t.sleep", json::array{0});
  message.queue = queue;
  const auto sent = Clock::now();
  message.eta = core::now() + 2s;
  execute({"LPUSH", queue, encode_message(message)});
  ASSERT_TRUE(
      eventually([&] { return run(io, broker.scheduled_count(client)) == 1 || seen.runs > 0; }));
  EXPECT_EQ(run(io, broker.scheduled_count(client)), 1);
  EXPECT_EQ(length(queue), 0);
  EXPECT_EQ(seen.runs, 0);
  stop_last();
  start();  // promotes it when it is due
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(seen.runs, 1);
  EXPECT_GE(seen.first_started() - sent, 2000ms - kDueRounding);
}

TEST_F(WorkerTest, ConcurrencyRunsThatManyTasksAtOnce) {
  WorkerOptions o = options();
  o.concurrency = 4;
  start(o);
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(enqueue("t.gate"));
  // Four run, held at the gate, while the other four wait on the queue.
  ASSERT_TRUE(eventually([&] { return seen.running == 4; }));
  EXPECT_EQ(length(queue), 4);
  seen.gate_open = true;
  for (const auto& id : ids) ASSERT_TRUE(wait_ready(id)) << id;
  EXPECT_EQ(seen.max_running, 4);
  EXPECT_EQ(seen.runs, 8);
}

TEST_F(WorkerTest, ConsumesEveryQueueItIsGiven) {
  WorkerOptions o = options();
  const std::string second = prefix + "second";
  o.queues = {queue, second};
  o.concurrency = 1;
  start(o);
  const std::string a = enqueue("tessera.echo", json::array{"a"});
  const std::string b = enqueue("tessera.echo", json::array{"b"}, EnqueueOptions{.queue = second});
  ASSERT_TRUE(wait_ready(a));
  ASSERT_TRUE(wait_ready(b));
}

TEST_F(WorkerTest, GracefulStopLetsTheRunningTaskFinish) {
  WorkerOptions o = options();
  o.shutdown_grace = 60s;  // far longer than the task
  Worker& worker = start(o);
  const std::string id = enqueue("t.sleep", json::array{500});
  ASSERT_TRUE(eventually([&] { return seen.running == 1; }));
  const std::string worker_id = worker.info().id;
  stop_last();
  const auto result = result_of(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(length(queue), 0);
  EXPECT_EQ(length(keys.processing_key(worker_id, queue)), 0);
  EXPECT_TRUE(execute({"HGETALL", keys.workers}).as_array().empty());
}

TEST_F(WorkerTest, StopAfterTheGracePeriodHandsTheTaskBack) {
  WorkerOptions o = options();
  o.shutdown_grace = 200ms;
  Worker& worker = start(o);
  const std::string id = enqueue("t.gate");  // closed until the rerun: it cannot finish before
  ASSERT_TRUE(eventually([&] { return seen.running == 1; }));
  const std::string worker_id = worker.info().id;
  const auto stopping = Clock::now();
  stop_last();
  const auto took = Clock::now() - stopping;
  EXPECT_GE(took, 200ms);       // the grace period
  EXPECT_LT(took, 30s);         // did not wait for the task (its gate stays closed for 60 s)
  EXPECT_EQ(length(queue), 1);  // back, to run again
  EXPECT_EQ(length(keys.processing_key(worker_id, queue)), 0);
  const auto result = result_of(id);
  EXPECT_TRUE(!result || result->state == TaskState::STARTED);
  // And the next worker runs it.
  seen.runs = 0;
  seen.gate_open = true;
  start();
  const auto rerun = wait_ready(id);
  ASSERT_TRUE(rerun);
  EXPECT_EQ(rerun->state, TaskState::SUCCESS);
}

TEST_F(WorkerTest, ADeadWorkersTasksAreReturnedAndRun) {
  // A worker that died: known, its heartbeat gone, a message in its processing list.
  const std::string ghost = "ghost";
  TaskMessage message = make_message("tessera.echo", json::array{"from the dead"});
  message.queue = queue;
  execute({"HSET", keys.workers, ghost, R"({"queues":[")" + queue + R"("]})"});
  execute({"LPUSH", keys.processing_key(ghost, queue), encode_message(message)});
  start();
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  EXPECT_EQ(length(keys.processing_key(ghost, queue)), 0);
  EXPECT_TRUE(eventually([&] {
    return execute({"HEXISTS", keys.workers, ghost}).as_integer() == 0;
  }));
}

TEST_F(WorkerTest, ALiveWorkersTasksAreLeftAlone) {
  const std::string other = "other";
  TaskMessage message = make_message("tessera.echo");
  message.queue = queue;
  execute({"HSET", keys.workers, other, R"({"queues":[")" + queue + R"("]})"});
  execute({"SET", keys.alive_key(other), "1", "PX", "60000"});
  execute({"LPUSH", keys.processing_key(other, queue), encode_message(message)});
  start();
  // Dead workers one after another, each forgotten by a later look at the workers: by the
  // last, the worker has looked at the live one several times.
  for (int i = 0; i < 3; ++i) {
    const std::string ghost = "ghost" + std::to_string(i);
    execute({"HSET", keys.workers, ghost, R"({"queues":[")" + queue + R"("]})"});
    ASSERT_TRUE(eventually([&] {
      return execute({"HEXISTS", keys.workers, ghost}).as_integer() == 0;
    })) << ghost;
  }
  EXPECT_EQ(length(keys.processing_key(other, queue)), 1);
  EXPECT_EQ(execute({"HEXISTS", keys.workers, other}).as_integer(), 1);
  EXPECT_FALSE(result_of(message.id.str()));
}

TEST_F(WorkerTest, AMessageTakenButNotRunIsReturned) {
  Worker& worker = start();
  // As if a BLMOVE's reply had been lost: in the worker's list, but no lane has it.
  TaskMessage message = make_message("tessera.echo");
  message.queue = queue;
  execute({"LPUSH", keys.processing_key(worker.info().id, queue), encode_message(message)});
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
}

TEST_F(WorkerTest, RedisRestartedUnderTheWorkerIsSurvived) {
  const Worker& worker = start();
  ASSERT_TRUE(wait_ready(enqueue("tessera.echo")));
  ASSERT_EQ(redis::testing::services("down", "redis"), 0);
  // The length of the outage (a few heartbeats), not a synchronisation: nothing waits on it.
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(redis::testing::services("up", "redis"), 0);
  client.close();
  // The restarted Redis is empty (no persistence): the worker's heartbeat, reconnected by
  // itself, announces it again.
  ASSERT_TRUE(eventually([&] {
    try {
      return registered(worker);
    } catch (const std::exception&) {
      return false;
    }
  }));
  std::string id;
  ASSERT_TRUE(eventually([&] {
    try {
      id = enqueue("tessera.echo", json::array{"again"});
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }));
  const auto result = wait_ready(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
}

TEST_F(WorkerTest, APoisonMessageIsDeadLetteredInsteadOfRunAgain) {
  // Its workers died while running it TASK_MAX_DELIVERIES (3) times: the count stayed, and
  // the last dead worker's list still holds it.
  const std::string ghost = "ghost";
  TaskMessage message = make_message("t.hooked");
  message.queue = queue;
  execute({"HSET", keys.workers, ghost, R"({"queues":[")" + queue + R"("]})"});
  execute({"LPUSH", keys.processing_key(ghost, queue), encode_message(message)});
  execute({"SET", keys.delivered_key(message.id.str()), "3"});
  start();
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_EQ(result->error->type, "WorkerLostError");
  EXPECT_EQ(seen.runs, 0);  // not run a fourth time
  EXPECT_TRUE(eventually([&] { return seen.hooks == 1; }));
  EXPECT_EQ(seen.hook_cause, static_cast<int>(FailureCause::interrupted));
  const auto dead = run(io, broker.dead_letters(client));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(dead[0].reason.find("WorkerLostError"), std::string::npos) << dead[0].reason;
  EXPECT_NE(dead[0].reason.find("3 times"), std::string::npos) << dead[0].reason;
  EXPECT_EQ(execute({"EXISTS", keys.delivered_key(message.id.str())}).as_integer(), 0);
}

TEST_F(WorkerTest, EachDeliveryIsCountedAndAnOutcomeClearsTheCount) {
  // Two earlier deliveries died: the third may still run.
  TaskMessage message = make_message("tessera.echo", json::array{"third time"});
  message.queue = queue;
  execute({"SET", keys.delivered_key(message.id.str()), "2"});
  execute({"SET", keys.sent_key(message.id.str()), "1"});
  execute({"LPUSH", queue, encode_message(message)});
  start();
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::SUCCESS);
  // The final outcome takes the task's marks with it: its count and its "sent" mark.
  EXPECT_EQ(execute({"EXISTS", keys.delivered_key(message.id.str())}).as_integer(), 0);
  EXPECT_EQ(execute({"EXISTS", keys.sent_key(message.id.str())}).as_integer(), 0);
}

TEST_F(WorkerTest, AHandBackAtShutdownIsNotCountedAgainstTheMessage) {
  WorkerOptions o = options();
  o.shutdown_grace = 100ms;
  start(o);
  const std::string id = enqueue("t.gate");
  ASSERT_TRUE(eventually([&] { return seen.running == 1; }));
  EXPECT_EQ(execute({"GET", keys.delivered_key(id)}).as_string(), "1");
  stop_last();
  EXPECT_EQ(length(queue), 1);
  EXPECT_EQ(execute({"EXISTS", keys.delivered_key(id)}).as_integer(), 0);
}

TEST_F(WorkerTest, TheFailureHookRunsOnceWhenATaskFailsForGood) {
  start();
  const std::string id = enqueue("t.hooked", {}, EnqueueOptions{.max_retries = 1});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, TaskState::FAILURE);
  EXPECT_TRUE(eventually([&] { return seen.hooks == 1; }));
  EXPECT_EQ(seen.runs, 2);  // the retry did not run the hook
  EXPECT_EQ(seen.hook_cause, static_cast<int>(FailureCause::error));
}

TEST_F(WorkerTest, TheFailureHookRunsAfterATimeLimit) {
  start();
  const std::string id =
      enqueue("t.hooked", json::array{"sleep"}, EnqueueOptions{.time_limit = 200ms});
  const auto result = wait_ready(id);
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->error->type, "TimeLimitExceeded");
  EXPECT_TRUE(eventually([&] { return seen.hooks == 1; }));
  EXPECT_EQ(seen.hook_cause, static_cast<int>(FailureCause::time_limit));
}

TEST_F(WorkerTest, ASoftTimeLimitAsksTheTaskToStopBeforeTheHardOne) {
  start();
  TaskMessage message = make_message("t.block", json::array{20000});
  message.queue = queue;
  message.time_limit = 30s;
  message.soft_time_limit = 200ms;
  execute({"LPUSH", queue, encode_message(message)});
  const auto result = wait_ready(message.id.str());
  ASSERT_TRUE(result && result->error);
  EXPECT_EQ(result->error->type, "SoftTimeLimitExceeded");
  EXPECT_TRUE(seen.stop_seen);
}

TEST_F(WorkerTest, SuspectMessagesRunAloneAndOrdinaryOnesTogether) {
  // Two messages back from a dead worker (each delivered once without an outcome): either
  // may have killed it, so each runs with nothing beside it, though the worker has 2 lanes.
  const std::string ghost = "ghost";
  execute({"HSET", keys.workers, ghost, R"({"queues":[")" + queue + R"("]})"});
  std::vector<std::string> suspects;
  for (int i = 0; i < 2; ++i) {
    TaskMessage message = make_message("t.sleep", json::array{200});
    message.queue = queue;
    execute({"LPUSH", keys.processing_key(ghost, queue), encode_message(message)});
    execute({"SET", keys.delivered_key(message.id.str()), "1"});
    suspects.push_back(message.id.str());
  }
  start();
  for (const auto& id : suspects) {
    const auto result = wait_ready(id);
    ASSERT_TRUE(result) << id;
    EXPECT_EQ(result->state, TaskState::SUCCESS);
  }
  EXPECT_EQ(seen.max_running, 1);
  // Ordinary messages still share the lanes.
  seen.max_running = 0;
  const std::string a = enqueue("t.sleep", json::array{300});
  const std::string b = enqueue("t.sleep", json::array{300});
  ASSERT_TRUE(wait_ready(a) && wait_ready(b));
  EXPECT_EQ(seen.max_running, 2);
}

}  // namespace
}  // namespace tessera::queue
