// The API of `tessera serve` plus routes that exercise what the product's own routes do
// not yet: typed path parameters, JSON/form/query validation, handler errors and slow
// requests (for graceful shutdown). Used only by the end-to-end tests.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe/class.hpp>

#include "app/api_process.hpp"
#include "app/options.hpp"
#include "core/errors.hpp"
#include "core/logging.hpp"
#include "http/http_error.hpp"
#include "schema/schema.hpp"

namespace e2e {

using namespace tessera;
namespace asio = boost::asio;

struct ItemCreate {
  std::string name;
  int quantity = 0;
  std::optional<std::string> note;
  std::vector<std::string> tags;
  std::optional<std::string> owner_email;
};
BOOST_DESCRIBE_STRUCT(ItemCreate, (), (name, quantity, note, tags, owner_email))
constexpr auto schema_rules(const ItemCreate*) {
  using namespace tessera::schema;
  return Rules{"ItemCreate",
               field(&ItemCreate::name, length(1, 50)),
               field(&ItemCreate::quantity, ge(1), le(100)),
               field(&ItemCreate::note, max_length(20)),
               field(&ItemCreate::tags, has_default()),
               field(&ItemCreate::owner_email, email_address())};
}

struct ItemPublic {
  core::Uuid id;
  std::string name;
  int quantity = 0;
  std::optional<std::string> note;
  std::vector<std::string> tags;
  std::optional<std::string> owner_email;
};
BOOST_DESCRIBE_STRUCT(ItemPublic, (), (id, name, quantity, note, tags, owner_email))

struct Page {
  int skip = 0;
  int limit = 100;
};
BOOST_DESCRIBE_STRUCT(Page, (), (skip, limit))
constexpr auto schema_rules(const Page*) {
  using namespace tessera::schema;
  return Rules{"Page", field(&Page::skip, ge(0), has_default()),
               field(&Page::limit, ge(1), le(1000), has_default())};
}

struct LoginForm {
  std::string username;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(LoginForm, (), (username, password))
// The product has a LoginForm of its own: component names must differ.
constexpr auto schema_rules(const LoginForm*) {
  using namespace tessera::schema;
  return Rules{"TestLoginForm"};
}

struct Echo {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(Echo, (), (text))

struct SlowQuery {
  int ms = 1000;
};
BOOST_DESCRIBE_STRUCT(SlowQuery, (), (ms))
constexpr auto schema_rules(const SlowQuery*) {
  using namespace tessera::schema;
  return Rules{"SlowQuery", field(&SlowQuery::ms, ge(0), le(60000), has_default())};
}

ItemPublic to_public(core::Uuid id, ItemCreate in) {
  return ItemPublic{id,
                    std::move(in.name),
                    in.quantity,
                    std::move(in.note),
                    std::move(in.tags),
                    std::move(in.owner_email)};
}

void add_test_routes(http::Router& router) {
  const std::vector<std::string> tags = {"test"};
  router.post("/test/items/", {.summary = "Create an item", .tags = tags, .status = 201},
              [](http::Context&, ItemCreate in) -> asio::awaitable<ItemPublic> {
                co_return to_public(core::Uuid::random(), std::move(in));
              });
  router.get(
      "/test/items/", {.summary = "A page of items", .tags = tags},
      [](http::Context&, http::Query<Page> page) -> asio::awaitable<Page> { co_return page; });
  router.get("/test/items/{id:uuid}", {.summary = "One item", .tags = tags, .errors = {404}},
             [](http::Context& ctx) -> asio::awaitable<ItemPublic> {
               co_return ItemPublic{.id = ctx.uuid_param("id"), .name = "item", .quantity = 1};
             });
  router.del("/test/items/{id:uuid}", {.summary = "Delete an item", .tags = tags},
             [](http::Context&) -> asio::awaitable<void> { co_return; });
  router.post("/test/login", {.summary = "A form", .tags = tags},
              [](http::Context&, http::Form<LoginForm> form) -> asio::awaitable<Echo> {
                co_return Echo{form.username};
              });
  router.get("/test/slow", {.summary = "Answers after a while", .tags = tags},
             [](http::Context&, http::Query<SlowQuery> q) -> asio::awaitable<Echo> {
               asio::steady_timer timer(co_await asio::this_coro::executor,
                                        std::chrono::milliseconds(q.ms));
               co_await timer.async_wait(asio::use_awaitable);
               co_return Echo{"slept " + std::to_string(q.ms) + " ms"};
             });
  router.get("/test/fail/{kind}", {.summary = "Handler errors", .tags = tags},
             [](http::Context& ctx) -> asio::awaitable<Echo> {
               const auto kind = ctx.path_param("kind");
               if (kind == "teapot") throw http::HttpError(418, "I'm a teapot", {{"X-Extra", "1"}});
               if (kind == "unavailable")
                 throw core::UnavailableError("database at 10.0.0.1 refused");
               throw std::runtime_error("SELECT secret FROM internals");
             });
}

}  // namespace e2e

int main() {
  const auto settings = tessera::app::load_settings_or_exit();
  tessera::core::init_logging(settings.log_level, settings.log_format);
  return tessera::app::serve(settings, e2e::add_test_routes);
}
