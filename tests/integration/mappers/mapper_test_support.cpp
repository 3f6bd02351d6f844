#include "mappers/mapper_test_support.hpp"

#include <boost/asio/use_awaitable.hpp>

#include "db/migrations/ddl.hpp"
#include "mappers/tables.hpp"

namespace tessera::mappers::testing {
namespace asio = boost::asio;
namespace {

asio::awaitable<void> run_script(asio::io_context& io, const db::ConnectOptions& options,
                                 std::string sql) {
  auto connection = co_await db::Connection::connect(io.get_executor(), options);
  co_await connection->execute_script(sql);
}

class SchemaEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    options_ = db::testing::connect_options();
    const std::string schema = db::testing::unique_table("t_mappers");
    asio::io_context io;
    db::testing::run(io, run_script(io, options_, "CREATE SCHEMA " + schema));
    options_.search_path = schema;
    std::string ddl;
    for (const auto& table : declared_schema().tables)
      ddl += db::migrations::create_table_sql(table);
    db::testing::run(io, run_script(io, options_, ddl));
  }

  void TearDown() override {
    const std::string schema = options_.search_path;
    if (schema.empty()) return;  // SetUp failed before creating it
    options_.search_path.clear();
    asio::io_context io;
    db::testing::run(
        io, run_script(io, options_,
                       "SET client_min_messages = warning; DROP SCHEMA " + schema + " CASCADE"));
  }

  const db::ConnectOptions& options() const { return options_; }

 private:
  db::ConnectOptions options_;
};

SchemaEnvironment* const environment =
    static_cast<SchemaEnvironment*>(::testing::AddGlobalTestEnvironment(new SchemaEnvironment));

asio::awaitable<void> truncate(db::Pool& pool) {
  std::vector<std::string> names;
  for (const auto& table : declared_schema().tables) names.push_back(table.name);
  auto lease = co_await pool.acquire();
  co_await lease.connection().execute_script("TRUNCATE " + db::migrations::quote_list(names));
}

}  // namespace

const db::ConnectOptions& schema_options() {
  return environment->options();
}

void MapperTest::SetUp() {
  run(truncate(pool));
}

domain::User MapperTest::add_user(const std::string& email) {
  return run(users.insert(pool, domain::new_user(email, "$argon2id$hash", std::nullopt)));
}

domain::Image MapperTest::add_image(const core::Uuid& owner,
                                    std::vector<domain::ImageVariant> variants) {
  const domain::Image image{.owner_id = owner,
                            .original_filename = "holiday.jpg",
                            .content_type = "image/jpeg",
                            .size_bytes = 123456,
                            .width = 4000,
                            .height = 3000,
                            .storage_key = "originals/" + core::Uuid::random().str(),
                            .task_id = core::Uuid::random(),
                            .variants = std::move(variants)};
  return in_transaction([&](db::Transaction& tx) { return images.insert(tx, image); });
}

domain::ImageVariant variant(const std::string& name, int width) {
  return {.name = name,
          .width = width,
          .height = width * 3 / 4,
          .format = "webp",
          .size_bytes = width * 10,
          .storage_key = "variants/" + core::Uuid::random().str() + "/" + name + ".webp"};
}

}  // namespace tessera::mappers::testing
