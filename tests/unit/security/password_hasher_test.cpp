#include "security/password_hasher.hpp"

#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "core/cpu_pool.hpp"

#include "run_coroutine.hpp"

namespace tessera::security {
namespace {

namespace asio = boost::asio;
using namespace std::string_literals;
using test::run_coroutine;

// libsodium's minimum costs: fast enough for many tests.
constexpr PasswordHashParams cheap{.ops = 1, .memory = 8192};

// Made by libsodium 1.0.18 for "correct horse": the stored format must stay readable.
constexpr const char* known_argon2id =
    "$argon2id$v=19$m=8,t=1,p=1$V6b65lAD71kkuhNLUNB+Lg$MkKrnDBqnm39kivT0pzB/NEhElXQHYd5VE/HoHeo8CE";
// The same password with Argon2i (whose minimum ops is 3).
constexpr const char* known_argon2i =
    "$argon2i$v=19$m=8,t=3,p=1$vGhdUNYnLNzbSLkMsxRlVA$WSdkwaBxeUGW4UcDPXqKk8wuwWfST7kV7sXnDW/peoo";

asio::awaitable<bool> hash_then_verify(const PasswordHasher& hasher, std::string password,
                                       std::string attempt) {
  const std::string stored = co_await hasher.hash(password);
  co_return co_await hasher.verify(stored, attempt);
}

asio::awaitable<void> dummy(const PasswordHasher& hasher) {
  co_await hasher.verify_dummy("whatever");
}

asio::awaitable<void> hash_flagging_done(const PasswordHasher& hasher, bool& done) {
  (void)co_await hasher.hash("hunter22");
  done = true;
}

// Yields to the io_context until `done`: it can only count while the hash runs elsewhere.
asio::awaitable<void> tick_until(const bool& done, int& ticks) {
  while (!done) {
    co_await asio::post(asio::use_awaitable);
    ++ticks;
  }
}

class PasswordHasherTest : public ::testing::Test {
 protected:
  core::CpuPool pool{2};
  PasswordHasher hasher{pool, cheap};
};

TEST_F(PasswordHasherTest, HashIsArgon2idWithTheGivenCosts) {
  const std::string hash = hasher.hash_now("correct horse");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << hash;
  EXPECT_NE(hasher.hash_now("correct horse"), hash);  // a fresh salt each time
}

TEST_F(PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  const std::string hash = hasher.hash_now("correct horse");
  EXPECT_TRUE(hasher.verify_now(hash, "correct horse"));
  EXPECT_FALSE(hasher.verify_now(hash, "correct horsE"));
  EXPECT_FALSE(hasher.verify_now(hash, ""));
  EXPECT_TRUE(hasher.verify_now(known_argon2id, "correct horse"));
  EXPECT_FALSE(hasher.verify_now(known_argon2id, "battery staple"));
}

TEST_F(PasswordHasherTest, PasswordsAreBytesNulsIncluded) {
  const std::string with_nul = "pass\0word"s;
  const std::string hash = hasher.hash_now(with_nul);
  EXPECT_TRUE(hasher.verify_now(hash, with_nul));
  EXPECT_FALSE(hasher.verify_now(hash, "pass"));
  EXPECT_FALSE(hasher.verify_now(hash, "pass\0wordx"s));
  const std::string empty = hasher.hash_now("");
  EXPECT_TRUE(hasher.verify_now(empty, ""));
  EXPECT_FALSE(hasher.verify_now(empty, "\0"s));
}

TEST_F(PasswordHasherTest, MalformedHashIsFalse) {
  const std::string good = hasher.hash_now("pw");
  for (const std::string& stored :
       {""s, "garbage"s, "$argon2id$"s, good + "\0"s + "x", "\0"s + good, std::string(500, 'a'),
        "$argon2id$v=19$m=8,t=1,p=1$$"s, "$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA"s,
        "$scrypt$ln=1$AAAA$AAAA"s}) {
    EXPECT_FALSE(hasher.verify_now(stored, "pw")) << stored;
    EXPECT_TRUE(hasher.needs_rehash(stored)) << stored;
  }
  // A cut hash may still decode (as a shorter digest, depending on its last characters):
  // libsodium then judges only its costs in needs_rehash, but it never verifies.
  for (std::size_t cut = 1; cut <= 8; ++cut)
    EXPECT_FALSE(hasher.verify_now(good.substr(0, good.size() - cut), "pw")) << cut;
}

TEST_F(PasswordHasherTest, NeedsRehashWhenTheCostsOrTheAlgorithmDiffer) {
  const std::string hash = hasher.hash_now("pw");
  EXPECT_FALSE(hasher.needs_rehash(hash));
  EXPECT_FALSE(hasher.needs_rehash(known_argon2id));
  PasswordHasher more_ops(pool, {.ops = 2, .memory = 8192});
  PasswordHasher more_memory(pool, {.ops = 1, .memory = 16384});
  EXPECT_TRUE(more_ops.needs_rehash(hash));
  EXPECT_TRUE(more_memory.needs_rehash(hash));
  EXPECT_TRUE(more_ops.verify_now(hash, "pw"));  // old hashes stay verifiable
  // libsodium alone says an Argon2i hash with the same costs needs nothing.
  PasswordHasher argon2i_costs(pool, {.ops = 3, .memory = 8192});
  EXPECT_TRUE(argon2i_costs.needs_rehash(known_argon2i));
}

TEST_F(PasswordHasherTest, RefusesCostsLibsodiumRefuses) {
  EXPECT_THROW(PasswordHasher(pool, {.ops = 0, .memory = 8192}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher(pool, {.ops = 1, .memory = 1024}), std::invalid_argument);
}

TEST_F(PasswordHasherTest, AsyncHashAndVerify) {
  EXPECT_TRUE(run_coroutine(hash_then_verify(hasher, "correct horse", "correct horse")));
  EXPECT_FALSE(run_coroutine(hash_then_verify(hasher, "correct horse", "wrong")));
}

TEST_F(PasswordHasherTest, DummyVerifyRuns) {
  // Its cost equals a verify's by construction (same costs); timing is for benchmarks.
  EXPECT_NO_THROW(run_coroutine(dummy(hasher)));
}

TEST_F(PasswordHasherTest, HashingLeavesTheIoThreadFree) {
  asio::io_context io;
  bool done = false;
  int ticks = 0;
  asio::co_spawn(io, hash_flagging_done(hasher, done), asio::detached);
  asio::co_spawn(io, tick_until(done, ticks), asio::detached);
  io.run();
  EXPECT_TRUE(done);
  EXPECT_GT(ticks, 0);  // had the hash run on this thread, the ticker would start after it
}

TEST(PasswordHasherDefaultsTest, OwaspMinimumRoundTrip) {
  core::CpuPool pool(1);
  PasswordHasher hasher(pool, PasswordHashParams{});
  EXPECT_EQ(hasher.params().ops, 2u);
  EXPECT_EQ(hasher.params().memory, 19u << 20);
  const std::string hash = run_coroutine(hasher.hash("correct horse battery"));
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(hasher.verify_now(hash, "correct horse battery"));
  EXPECT_FALSE(hasher.needs_rehash(hash));
}

}  // namespace
}  // namespace tessera::security
