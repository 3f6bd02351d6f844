#include "mappers/user_mapper.hpp"

#include <gtest/gtest.h>

#include "db/errors.hpp"
#include "db/transaction.hpp"
#include "mappers/mapper_test_support.hpp"

namespace tessera::mappers {
namespace {

namespace asio = boost::asio;
using testing::MapperTest;
using UserMapperTest = MapperTest;

TEST_F(UserMapperTest, InsertReturnsTheStoredUserWithItsGeneratedIdAndTimestamps) {
  const auto before = core::now();
  const auto user = run(users.insert(
      pool, domain::new_user("Alice@Example.com", "$argon2id$hash", std::string("Alice"))));
  EXPECT_FALSE(user.id.is_nil());
  EXPECT_EQ(user.email, "alice@example.com");
  EXPECT_EQ(user.hashed_password, "$argon2id$hash");
  EXPECT_EQ(user.full_name, "Alice");
  EXPECT_TRUE(user.is_active);
  EXPECT_FALSE(user.is_superuser);
  EXPECT_FALSE(user.email_verified);
  EXPECT_GE(user.created_at, before - std::chrono::seconds(5));  // the server's clock
  EXPECT_EQ(user.created_at, user.updated_at);
}

TEST_F(UserMapperTest, FindsByIdAndByTheStoredEmail) {
  const auto alice = add_user("alice@example.com");
  add_user("bob@example.com");

  const auto by_id = run(users.find_by_id(pool, alice.id));
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->email, "alice@example.com");
  EXPECT_EQ(by_id->created_at, alice.created_at);

  const auto by_email = run(users.find_by_email(pool, "alice@example.com"));
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->id, alice.id);
  // Exactly as stored: callers normalise first (core/email_address.hpp), no locale here.
  EXPECT_FALSE(run(users.find_by_email(pool, "ALICE@Example.COM")));

  EXPECT_FALSE(run(users.find_by_id(pool, core::Uuid::random())));
  EXPECT_FALSE(run(users.find_by_email(pool, "carol@example.com")));
}

TEST_F(UserMapperTest, AnEmailTakenIsAConflict) {
  add_user("Alice@EXAMPLE.com");  // new_user normalises it
  domain::User twin{.email = "alice@example.com", .hashed_password = "x"};
  try {
    run(users.insert(pool, twin));
    FAIL() << "the second insert succeeded";
  } catch (const db::ConflictError& e) {
    EXPECT_EQ(e.constraint(), "users_email_key");
  }
}

TEST_F(UserMapperTest, UpdateWritesEveryFieldOfThePatchAndTouchesUpdatedAt) {
  auto user = add_user("alice@example.com");
  const domain::UserPatch patch{.email = "alice@example.org",
                                .hashed_password = "$argon2id$new",
                                .full_name = std::optional<std::string>("Alice Liddell"),
                                .is_active = false,
                                .is_superuser = true,
                                .email_verified = true};
  const auto updated = run(users.update(pool, user.id, patch));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->email, "alice@example.org");
  EXPECT_EQ(updated->hashed_password, "$argon2id$new");
  EXPECT_EQ(updated->full_name, "Alice Liddell");
  EXPECT_FALSE(updated->is_active);
  EXPECT_TRUE(updated->is_superuser);
  EXPECT_TRUE(updated->email_verified);
  EXPECT_EQ(updated->created_at, user.created_at);
  EXPECT_GT(updated->updated_at, user.updated_at);

  // A nullable column set to null.
  const domain::UserPatch no_name{.full_name = std::optional<std::string>()};
  EXPECT_FALSE(run(users.update(pool, user.id, no_name))->full_name.has_value());
  EXPECT_FALSE(run(users.find_by_id(pool, user.id))->full_name.has_value());
}

TEST_F(UserMapperTest, UpdateLeavesTheFieldsOutsideThePatchAsTheyAre) {
  const auto user = add_user("alice@example.com");
  ASSERT_TRUE(run(users.update(pool, user.id, {.is_superuser = true})));
  // A second writer that changes only the name cannot undo the first one's change.
  const auto renamed =
      run(users.update(pool, user.id, {.full_name = std::optional<std::string>("Alice")}));
  ASSERT_TRUE(renamed);
  EXPECT_TRUE(renamed->is_superuser);
  EXPECT_EQ(renamed->full_name, "Alice");
  EXPECT_EQ(renamed->hashed_password, user.hashed_password);
  // An empty patch changes nothing and returns the row.
  EXPECT_EQ(run(users.update(pool, user.id, {}))->updated_at, renamed->updated_at);
}

TEST_F(UserMapperTest, UpdateOfAMissingUserReturnsNothing) {
  EXPECT_FALSE(run(users.update(pool, core::Uuid::random(), {.is_active = false})));
}

TEST_F(UserMapperTest, UpdateToAnEmailTakenByAnotherUserIsAConflict) {
  add_user("alice@example.com");
  const auto bob = add_user("bob@example.com");
  EXPECT_THROW(run(users.update(pool, bob.id, {.email = "alice@example.com"})), db::ConflictError);
}

TEST_F(UserMapperTest, ALockedUserWaitsForItsTransaction) {
  const auto user = add_user("alice@example.com");
  // While one transaction holds the row, another connection's update waits for its end.
  const auto order = run([&]() -> asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> events;
    auto tx = co_await pool.begin();
    const auto locked = co_await users.lock_by_id(tx, user.id);
    events.push_back(locked ? "locked" : "missing");
    auto other = co_await pool.acquire();
    co_await other.connection().execute_script("SET lock_timeout = '200ms'");
    try {
      co_await users.update(other, user.id, {.is_active = false});
      events.push_back("updated while locked");
    } catch (const db::DbError& e) {
      events.push_back(e.sqlstate());  // 55P03: lock_not_available
    }
    co_await tx.commit();
    co_return events;
  }());
  EXPECT_EQ(order, (std::vector<std::string>{"locked", "55P03"}));
}

TEST_F(UserMapperTest, EraseSaysWhetherTheUserExisted) {
  const auto alice = add_user("alice@example.com");
  EXPECT_TRUE(run(users.erase(pool, alice.id)));
  EXPECT_FALSE(run(users.find_by_id(pool, alice.id)));
  EXPECT_FALSE(run(users.erase(pool, alice.id)));
}

TEST_F(UserMapperTest, PageIsInCreationOrderWithTheTotalCount) {
  std::vector<domain::User> added;
  for (int i = 0; i < 5; ++i)
    added.push_back(add_user("user" + std::to_string(i) + "@example.com"));

  const auto page = [&](std::int64_t skip, std::int64_t limit) {
    return in_transaction([&](db::Transaction& tx) { return users.page(tx, skip, limit); });
  };
  const auto middle = page(1, 2);
  EXPECT_EQ(middle.total, 5);
  ASSERT_EQ(middle.items.size(), 2u);
  EXPECT_EQ(middle.items[0].id, added[1].id);
  EXPECT_EQ(middle.items[1].id, added[2].id);

  const auto all = page(0, 100);
  ASSERT_EQ(all.items.size(), 5u);
  for (std::size_t i = 0; i < added.size(); ++i) EXPECT_EQ(all.items[i].email, added[i].email);

  const auto beyond = page(10, 2);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 5);
}

TEST_F(UserMapperTest, RunsInTheCallersTransaction) {
  run([&]() -> asio::awaitable<void> {
    auto tx = co_await pool.begin();
    const auto user =
        co_await users.insert(tx, domain::new_user("alice@example.com", "h", std::nullopt));
    EXPECT_TRUE(co_await users.find_by_id(tx, user.id));  // visible inside
    co_await tx.rollback();
  }());
  EXPECT_FALSE(run(users.find_by_email(pool, "alice@example.com")));
  EXPECT_EQ(in_transaction([&](db::Transaction& tx) { return users.page(tx, 0, 10); }).total, 0);
}

}  // namespace
}  // namespace tessera::mappers
