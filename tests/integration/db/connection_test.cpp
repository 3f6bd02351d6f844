#include "db/connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "db/db_test_support.hpp"
#include "db/errors.hpp"

namespace tessera::db {
namespace {

using testing::connect_options;
using testing::run;
namespace asio = boost::asio;

struct Row {
  core::Uuid id;
  std::string name;
  std::optional<std::string> note;
  bool active = false;
  std::int64_t size = 0;
  core::Timestamp created_at;
};
BOOST_DESCRIBE_STRUCT(Row, (), (id, name, note, active, size, created_at))

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connection = run(io, Connection::connect(io.get_executor(), connect_options()));
    table = testing::unique_table("conn");
    run(io, connection->execute_script(
                "CREATE TABLE " + table +
                " (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, note text, active boolean "
                "NOT NULL, size bigint NOT NULL, created_at timestamptz NOT NULL, data bytea)"));
    insert_sql = "INSERT INTO " + table +
                 " (id, name, note, active, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    select_sql = "SELECT id, name, note, active, size, created_at FROM " + table + " ORDER BY name";
  }
  void TearDown() override {
    if (connection && !connection->broken())
      run(io, connection->execute_script("DROP TABLE " + table));
  }

  Result insert(const Row& row) {
    return run(io, connection->execute({insert_name, insert_sql},
                                       make_params(row.id, row.name, row.note, row.active, row.size,
                                                   row.created_at)));
  }

  asio::io_context io;
  std::unique_ptr<Connection> connection;
  std::string table, insert_sql, select_sql;
  std::string insert_name = "test_insert", select_name = "test_select";
};

TEST_F(ConnectionTest, ValuesRoundTripThroughBoundParameters) {
  const auto at = *core::parse_rfc3339("2026-11-25T10:00:00.123456Z");
  const Row alice{
      core::Uuid::random(), "alice'; DROP TABLE x; --", std::nullopt, true, 1LL << 40, at};
  const Row bob{core::Uuid::random(), "bob", "ünïcode ✓", false, -5, at + std::chrono::hours(1)};
  EXPECT_EQ(insert(alice).affected(), 1u);
  insert(bob);

  const auto rows = run(io, connection->execute({select_name, select_sql}, {})).as<Row>();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, alice.id);
  EXPECT_EQ(rows[0].name, alice.name);
  EXPECT_EQ(rows[0].note, std::nullopt);
  EXPECT_TRUE(rows[0].active);
  EXPECT_EQ(rows[0].size, 1LL << 40);
  EXPECT_EQ(rows[0].created_at, at);
  EXPECT_EQ(rows[1].note, "ünïcode ✓");
  EXPECT_EQ(rows[1].size, -5);
  EXPECT_EQ(rows[1].created_at, bob.created_at);
}

TEST_F(ConnectionTest, ByteaRoundTrips) {
  std::vector<unsigned char> bytes{0, 1, 2, 0xff, '\\', 'x'};
  const std::string sql = "SELECT $1::bytea";
  const auto result = run(io, connection->execute({"bytea_echo", sql}, make_params(Bytes{bytes})));
  EXPECT_EQ(result.scalar<std::vector<unsigned char>>(), bytes);
}

TEST_F(ConnectionTest, UniqueViolationIsAConflictNamingTheConstraint) {
  const auto now = core::now();
  insert(Row{core::Uuid::random(), "same", std::nullopt, true, 1, now});
  try {
    insert(Row{core::Uuid::random(), "same", std::nullopt, true, 1, now});
    FAIL() << "no conflict";
  } catch (const ConflictError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), table + "_name_key");
  }
  // The connection is still usable.
  EXPECT_EQ(run(io, connection->execute({select_name, select_sql}, {})).rows(), 1);
}

TEST_F(ConnectionTest, ServerErrorsCarryTheirSqlstate) {
  try {
    run(io, connection->execute_script("SELECT * FROM no_such_table_here"));
    FAIL() << "no error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "42P01");
  }
}

TEST_F(ConnectionTest, AStatementThatCannotBePreparedFailsCleanlyEveryTime) {
  const std::string sql = "SELECT * FROM no_such_table_here WHERE x = $1";
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      run(io, connection->execute({"bad_statement", sql}, make_params(1)));
      FAIL() << "no error";
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "42P01");
    }
  }
  EXPECT_EQ(run(io, connection->execute({select_name, select_sql}, {})).rows(), 0);
}

TEST_F(ConnectionTest, AFirstUseThatFailsWhenExecutedStaysPrepared) {
  const auto now = core::now();
  const Row row{core::Uuid::random(), "x", std::nullopt, true, 1, now};
  insert(row);
  EXPECT_THROW(insert(row), ConflictError);  // second use: already prepared
  const std::string sql = "SELECT 1 / $1::int";
  EXPECT_THROW(run(io, connection->execute({"divide", sql}, make_params(0))),
               DbError);  // first use
  EXPECT_EQ(run(io, connection->execute({"divide", sql}, make_params(1))).scalar<std::int32_t>(),
            1);
}

TEST_F(ConnectionTest, NullInANonOptionalMemberIsAnError) {
  const auto result = run(io, connection->execute_script("SELECT NULL::text AS name"));
  EXPECT_THROW(result.scalar<std::string>(), DbError);
  EXPECT_EQ(result.scalar<std::optional<std::string>>(), std::nullopt);
}

TEST(ConnectFailure, UnreachableServerIsUnavailable) {
  asio::io_context io;
  auto options = connect_options();
  options.port = 1;  // nothing listens there
  EXPECT_THROW(run(io, Connection::connect(io.get_executor(), options)), core::UnavailableError);
}

TEST(ConnectFailure, WrongPasswordIsUnavailable) {
  asio::io_context io;
  auto options = connect_options();
  options.password = "not-the-password";
  EXPECT_THROW(run(io, Connection::connect(io.get_executor(), options)), core::UnavailableError);
}

}  // namespace
}  // namespace tessera::db
