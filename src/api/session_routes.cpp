#include "api/session_routes.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>

#include "api/authentication.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "http/context.hpp"
#include "http/router.hpp"
#include "schema/schema.hpp"
#include "services/accounts.hpp"

namespace tessera::api {

struct SessionPublic {
  core::Uuid id;
  core::Timestamp created_at{};
  core::Timestamp last_used_at{};
  core::Timestamp expires_at{};
  std::optional<std::string> user_agent;
  std::optional<std::string> ip;
  bool current = false;
};
BOOST_DESCRIBE_STRUCT(SessionPublic, (),
                      (id, created_at, last_used_at, expires_at, user_agent, ip, current))

struct SessionsPublic {
  std::vector<SessionPublic> data;
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(SessionsPublic, (), (data, count))

namespace {

namespace asio = boost::asio;

core::Timestamp from_unix_ms(std::int64_t ms) {
  return core::Timestamp{std::chrono::milliseconds{ms}};
}

SessionPublic to_public(const services::SessionInfo& session, const core::Uuid& current) {
  return SessionPublic{session.id,
                       from_unix_ms(session.created_at),
                       from_unix_ms(session.last_used_at),
                       from_unix_ms(session.expires_at),
                       session.user_agent,
                       session.ip,
                       session.id == current};
}

}  // namespace

void add_session_routes(http::Router& router, services::Accounts& accounts) {
  using http::Auth;
  const std::vector<std::string> tags = {"sessions"};
  router.get("/api/v1/users/me/sessions/",
             {.summary = "Your live sessions, newest first", .tags = tags, .auth = Auth::user},
             [&accounts](http::Context& ctx) -> asio::awaitable<SessionsPublic> {
               const auto& who = principal(ctx);
               const auto sessions = co_await accounts.sessions(who.user.id);
               SessionsPublic out{{}, static_cast<long long>(sessions.size())};
               for (const auto& session : sessions)
                 out.data.push_back(to_public(session, who.session_id));
               co_return out;
             });
  router.del("/api/v1/users/me/sessions/{id:uuid}",
             {.summary = "End one of your sessions at once",
              .tags = tags,
              .auth = Auth::user,
              .errors = {404}},
             [&accounts](http::Context& ctx) -> asio::awaitable<void> {
               co_await accounts.end_session(principal(ctx).user.id, ctx.uuid_param("id"));
             });
  router.del(
      "/api/v1/users/me/sessions/",
      {.summary = "End every session of yours but this one", .tags = tags, .auth = Auth::user},
      [&accounts](http::Context& ctx) -> asio::awaitable<void> {
        const auto& who = principal(ctx);
        co_await accounts.end_other_sessions(who.user.id, who.session_id);
      });
}

}  // namespace tessera::api
