#include "api/users_routes.hpp"

#include "api/account_schemas.hpp"
#include "api/authentication.hpp"
#include "http/context.hpp"
#include "http/router.hpp"
#include "services/users.hpp"

namespace tessera::api {
namespace {

namespace asio = boost::asio;
using http::Auth;

services::UserChanges to_changes(UserUpdate in) {
  return {std::move(in.email), std::move(in.password), std::move(in.full_name),
          in.is_active,        in.is_superuser,        in.two_factor_enabled};
}

}  // namespace

void add_users_routes(http::Router& router, services::Users& users) {
  const std::vector<std::string> tags = {"users"};

  router.get("/api/v1/users/me", {.summary = "The current user", .tags = tags, .auth = Auth::user},
             [](http::Context& ctx) -> asio::awaitable<UserPublic> {
               co_return to_public(principal(ctx).user);
             });
  router.patch("/api/v1/users/me",
               {.summary = "Change your name or email (a new email must be verified again)",
                .tags = tags,
                .auth = Auth::user,
                .errors = {409, 429}},
               [&users](http::Context& ctx, UserUpdateMe in) -> asio::awaitable<UserPublic> {
                 services::UserChanges changes;
                 changes.email = std::move(in.email);
                 changes.full_name = std::move(in.full_name);
                 co_return to_public(co_await users.update_own(principal(ctx), std::move(changes)));
               });
  router.post("/api/v1/users/me/password",
              {.summary = "Change your password; your other sessions end",
               .tags = tags,
               .auth = Auth::user,
               .errors = {400}},
              [&users](http::Context& ctx, UpdatePassword in) -> asio::awaitable<void> {
                co_await users.change_password(principal(ctx).user.id, principal(ctx).session_id,
                                               std::move(in.current_password),
                                               std::move(in.new_password));
              });
  router.del("/api/v1/users/me",
             {.summary = "Delete your account and your images",
              .tags = tags,
              .auth = Auth::user,
              .errors = {403}},
             [&users](http::Context& ctx) -> asio::awaitable<void> {
               co_await users.erase(principal(ctx).user.id, principal(ctx));
             });

  router.get("/api/v1/users/",
             {.summary = "All users, oldest first", .tags = tags, .auth = Auth::superuser},
             [&users](http::Context&, http::Query<PageQuery> q) -> asio::awaitable<UsersPublic> {
               const auto page = co_await users.page(q.skip, q.limit);
               UsersPublic out{{}, page.total};
               for (const auto& user : page.items) out.data.push_back(to_public(user));
               co_return out;
             });
  router.post("/api/v1/users/",
              {.summary = "Create a user",
               .tags = tags,
               .auth = Auth::superuser,
               .status = 201,
               .errors = {409}},
              [&users](http::Context&, UserCreate in) -> asio::awaitable<UserPublic> {
                services::NewUser user{std::move(in.email),
                                       std::move(in.password),
                                       std::move(in.full_name),
                                       in.is_active.value_or(true),
                                       in.is_superuser.value_or(false),
                                       in.email_verified.value_or(false)};
                co_return to_public(co_await users.create(std::move(user)));
              });
  router.get("/api/v1/users/{id:uuid}",
             {.summary = "A user (yourself, or anyone for a superuser)",
              .tags = tags,
              .auth = Auth::user,
              .errors = {404}},
             [&users](http::Context& ctx) -> asio::awaitable<UserPublic> {
               co_return to_public(co_await users.get(ctx.uuid_param("id"), principal(ctx)));
             });
  router.patch(
      "/api/v1/users/{id:uuid}",
      {.summary = "Change a user; deactivating ends its sessions",
       .tags = tags,
       .auth = Auth::superuser,
       .errors = {400, 404, 409}},
      [&users](http::Context& ctx, UserUpdate in) -> asio::awaitable<UserPublic> {
        services::UserChanges changes = to_changes(std::move(in));
        co_return to_public(co_await users.update(ctx.uuid_param("id"), std::move(changes)));
      });
  router.del("/api/v1/users/{id:uuid}",
             {.summary = "Delete a user and its images",
              .tags = tags,
              .auth = Auth::superuser,
              .errors = {403, 404}},
             [&users](http::Context& ctx) -> asio::awaitable<void> {
               co_await users.erase(ctx.uuid_param("id"), principal(ctx));
             });
}

}  // namespace tessera::api
