// services::SessionStore against the Redis of scripts/services: the idle timeout, the
// absolute lifetime, revocation and refresh-token rotation (API.md: Auth, Sessions).

#include "services/session_store.hpp"

#include <chrono>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"
#include "security/tokens.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using redis::testing::run;
using Clock = std::chrono::steady_clock;
using Outcome = Rotation::Outcome;

class SessionStoreTest : public ::testing::Test {
 protected:
  asio::io_context io;
  redis::Client client{io.get_executor(), redis::testing::client_options()};
  std::string prefix = redis::testing::unique_prefix("sessions");
  core::Uuid user = core::Uuid::random();
  const ClientInfo from{"198.51.100.7", "SessionStoreTest/1.0"};

  bool listed(const SessionStore& store, const core::Uuid& who, const core::Uuid& session) {
    for (const auto& info : run(io, store.list(client, who)))
      if (info.id == session) return true;
    return false;
  }

  // Polls `condition` every 200 ms until it holds or `limit` has passed.
  template <class Condition>
  bool within(std::chrono::seconds limit, Condition condition) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(200ms);
    }
    return condition();
  }
};

TEST_F(SessionStoreTest, AnOpenedSessionIsListedWithItsClient) {
  const SessionStore store(60s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  EXPECT_TRUE(opened.refresh_token.starts_with(opened.session_id.str() + "."));
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  const auto sessions = run(io, store.list(client, user));
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].id, opened.session_id);
  EXPECT_EQ(sessions[0].user_agent, from.user_agent);
  EXPECT_EQ(sessions[0].ip, from.address);
  EXPECT_GE(sessions[0].last_used_at, sessions[0].created_at);
  EXPECT_GT(sessions[0].expires_at, sessions[0].last_used_at);
}

TEST_F(SessionStoreTest, TouchAndReadChecksTheSessionAndReadsAKeyInOneRoundTrip) {
  const SessionStore store(60s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  const std::string cached = prefix + "profile";
  EXPECT_TRUE(run(io, client.set(cached, R"({"id": "x"})")));
  const auto hit = run(io, store.touch_and_read(client, opened.session_id, cached));
  EXPECT_TRUE(hit.live);
  EXPECT_EQ(hit.value, R"({"id": "x"})");
  const auto miss = run(io, store.touch_and_read(client, opened.session_id, prefix + "nothing"));
  EXPECT_TRUE(miss.live);
  EXPECT_FALSE(miss.value);
  EXPECT_TRUE(run(io, store.revoke(client, user, opened.session_id)));
  const auto ended = run(io, store.touch_and_read(client, opened.session_id, cached));
  EXPECT_FALSE(ended.live);
  EXPECT_FALSE(ended.value) << "nothing is read for a dead session";
}

TEST_F(SessionStoreTest, AnUnusedSessionEndsAfterTheIdleTime) {
  const SessionStore store(3600s, 2s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  // list() does not count as a use; touch() would keep the session alive.
  EXPECT_TRUE(within(15s, [&] { return run(io, store.list(client, user)).empty(); }))
      << "the session outlived its idle time by far";
  EXPECT_FALSE(run(io, store.touch(client, opened.session_id)));
  EXPECT_EQ(run(io, store.rotate(client, opened.refresh_token)).outcome, Outcome::unknown);
}

TEST_F(SessionStoreTest, ASessionInUseOutlivesTheIdleTime) {
  const SessionStore store(3600s, 2s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  const auto until = Clock::now() + 3s;
  int touches = 0;
  while (Clock::now() < until) {
    ASSERT_TRUE(run(io, store.touch(client, opened.session_id)))
        << "after " << touches << " touches";
    ++touches;
    std::this_thread::sleep_for(500ms);
  }
  EXPECT_TRUE(listed(store, user, opened.session_id));
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  // Rotation is a use too.
  EXPECT_EQ(run(io, store.rotate(client, opened.refresh_token)).outcome, Outcome::rotated);
}

TEST_F(SessionStoreTest, ASessionEndsAtItsLifetimeWhateverTheUse) {
  const SessionStore store(2s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  // Touching all the while: the session still ends 2 s after it was opened.
  EXPECT_TRUE(within(15s, [&] { return !run(io, store.touch(client, opened.session_id)); }))
      << "the session outlived its absolute lifetime by far";
  EXPECT_FALSE(listed(store, user, opened.session_id));
}

TEST_F(SessionStoreTest, RevokingAnotherUsersSessionDoesNothing) {
  const SessionStore store(60s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  const core::Uuid stranger = core::Uuid::random();
  EXPECT_FALSE(run(io, store.revoke(client, stranger, opened.session_id)));
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  EXPECT_TRUE(listed(store, user, opened.session_id));
  EXPECT_FALSE(run(io, store.revoke(client, user, core::Uuid::random())));  // unknown id
  EXPECT_TRUE(run(io, store.revoke(client, user, opened.session_id)));
  EXPECT_FALSE(run(io, store.touch(client, opened.session_id)));
  EXPECT_FALSE(run(io, store.revoke(client, user, opened.session_id)));  // gone already
}

TEST_F(SessionStoreTest, AForgedRefreshTokenIsUnknownAndChangesNothing) {
  const SessionStore store(60s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  const std::string forged = opened.session_id.str() + "." + security::random_token();
  for (int i = 0; i < 2; ++i)  // twice: the second time is no "reuse" either
    EXPECT_EQ(run(io, store.rotate(client, forged)).outcome, Outcome::unknown) << i;
  EXPECT_TRUE(run(io, store.touch(client, opened.session_id)));
  const auto rotated = run(io, store.rotate(client, opened.refresh_token));
  ASSERT_EQ(rotated.outcome, Outcome::rotated);
  EXPECT_EQ(rotated.session_id, opened.session_id);
  EXPECT_EQ(rotated.user_id, user);
  EXPECT_NE(rotated.refresh_token, opened.refresh_token);
  EXPECT_TRUE(rotated.refresh_token.starts_with(opened.session_id.str() + "."));
  EXPECT_EQ(run(io, store.rotate(client, rotated.refresh_token)).outcome, Outcome::rotated);
}

TEST_F(SessionStoreTest, AReusedRefreshTokenEndsTheSession) {
  const SessionStore store(60s, 60s, prefix);
  const auto opened = run(io, store.open(client, user, from));
  const auto rotated = run(io, store.rotate(client, opened.refresh_token));
  ASSERT_EQ(rotated.outcome, Outcome::rotated);
  const auto reused = run(io, store.rotate(client, opened.refresh_token));
  EXPECT_EQ(reused.outcome, Outcome::reused);
  EXPECT_EQ(reused.session_id, opened.session_id);
  EXPECT_EQ(reused.user_id, user);
  EXPECT_FALSE(run(io, store.touch(client, opened.session_id)));
  EXPECT_TRUE(run(io, store.list(client, user)).empty());
  EXPECT_EQ(run(io, store.rotate(client, rotated.refresh_token)).outcome, Outcome::unknown);
}

}  // namespace
}  // namespace tessera::services
