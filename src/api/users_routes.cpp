#include "api/users_routes.hpp"

#include "api/account_schemas.hpp"
#include "http/context.hpp"
#include "http/http_error.hpp"
#include "http/router.hpp"
#include "services/user_cache.hpp"

namespace tessera::api {

namespace asio = boost::asio;

void add_users_routes(http::Router& router, services::UserCache& users) {
  const std::vector<std::string> tags = {"users"};
  router.get("/api/v1/users/me",
             {.summary = "The current user", .tags = tags, .auth = http::Auth::user},
             [&users](http::Context& ctx) -> asio::awaitable<UserPublic> {
               const auto user = co_await users.find(ctx.principal().user_id);
               if (!user) throw http::HttpError(404, "User not found");
               co_return to_public(*user);
             });
}

}  // namespace tessera::api
