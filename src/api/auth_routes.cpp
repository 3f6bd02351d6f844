#include "api/auth_routes.hpp"

#include "api/account_schemas.hpp"
#include "api/authentication.hpp"
#include "http/context.hpp"
#include "http/http_error.hpp"
#include "http/router.hpp"
#include "services/accounts.hpp"
#include "services/errors.hpp"

namespace tessera::api {
namespace {

// A person who opened the email's link: the browser asks for a page.
bool asks_for_html(const http::Request& request) {
  return request.headers.get("Accept").find("text/html") != std::string_view::npos;
}

namespace asio = boost::asio;

// The one way a route answers with tokens: the answer must never be stored by a cache
// (API.md, Auth; RFC 6749 §5.1), whatever the route (/login, /refresh, and any to come).
Token to_token(http::Context& ctx, const services::TokenPair& pair) {
  ctx.response_headers().set("Cache-Control", "no-store");
  ctx.response_headers().set("Pragma", "no-cache");
  return Token{pair.access_token, "bearer", pair.expires_in.count(), pair.refresh_token};
}

services::ClientInfo client_info(const http::Context& ctx) {
  const std::string* agent = ctx.request().headers.find("user-agent");
  return services::ClientInfo{ctx.request().remote_address, agent ? *agent : std::string()};
}

}  // namespace

void add_auth_routes(http::Router& router, services::Accounts& accounts) {
  const std::vector<std::string> tags = {"auth"};
  router.post("/api/v1/auth/register",
              {.summary = "Create an account; a verification email follows",
               .tags = tags,
               .status = 201,
               .errors = {409, 429}},
              [&accounts](http::Context& ctx, UserRegister in) -> asio::awaitable<UserPublic> {
                co_return to_public(co_await accounts.register_user(
                    std::move(in.email), std::move(in.password), std::move(in.full_name),
                    ctx.request().remote_address));
              });

  router.get(
      "/api/v1/auth/verify-email",
      {.summary = "Verify the email (the link in the email)",
       .description = "A browser (Accept: text/html) is sent on with 303 to the web app's page "
                      "`/verify-email?result=ok` or `?result=invalid`.",
       .tags = tags,
       .errors = {303, 400}},
      [&accounts](http::Context& ctx, http::Query<TokenRequest> in) -> asio::awaitable<Message> {
        if (!asks_for_html(ctx.request())) {
          co_await accounts.verify_email(std::move(in.token));
          co_return Message{"Email verified"};
        }
        bool verified = true;
        try {
          co_await accounts.verify_email(std::move(in.token));
        } catch (const services::Invalid&) {
          verified = false;
        }
        throw http::HttpError(
            303, verified ? "Email verified" : "Invalid or expired token",
            {{"Location", verified ? "/verify-email?result=ok" : "/verify-email?result=invalid"}});
      });
  router.post("/api/v1/auth/verify-email",
              {.summary = "Verify the email with the token", .tags = tags, .errors = {400}},
              [&accounts](http::Context&, TokenRequest in) -> asio::awaitable<Message> {
                co_await accounts.verify_email(std::move(in.token));
                co_return Message{"Email verified"};
              });
  router.post("/api/v1/auth/resend-verification",
              {.summary = "Send the verification email again",
               .tags = tags,
               .auth = http::Auth::user,
               .status = 202,
               .errors = {429}},
              [&accounts](http::Context& ctx) -> asio::awaitable<Message> {
                const bool sent = co_await accounts.resend_verification(principal(ctx).user.id);
                co_return Message{sent ? "Verification email sent" : "Email already verified"};
              });

  router.post(
      "/api/v1/auth/login",
      {.summary = "Log in (OAuth2 password flow): access and refresh tokens",
       .tags = tags,
       .errors = {401, 403, 429}},
      [&accounts](http::Context& ctx, http::Form<LoginForm> form) -> asio::awaitable<Token> {
        const auto pair = co_await accounts.login(std::move(form.username),
                                                  std::move(form.password), client_info(ctx));
        co_return to_token(ctx, pair);
      });
  router.post("/api/v1/auth/login/2fa",
              {.summary = "Finish a login with two-factor authentication: a TOTP or recovery code",
               .tags = tags,
               .errors = {401, 429}},
              [&accounts](http::Context& ctx, SecondStepLogin in) -> asio::awaitable<Token> {
                const auto pair = co_await accounts.login_second_step(
                    std::move(in.mfa_token), std::move(in.code), client_info(ctx));
                co_return to_token(ctx, pair);
              });
  router.post("/api/v1/auth/refresh",
              {.summary = "A new token pair for a refresh token (single use)",
               .tags = tags,
               .errors = {401}},
              [&accounts](http::Context& ctx, RefreshRequest in) -> asio::awaitable<Token> {
                const auto pair = co_await accounts.refresh(std::move(in.refresh_token));
                co_return to_token(ctx, pair);
              });
  router.post("/api/v1/auth/password-recovery",
              {.summary = "Email a password reset link (the answer is the same for any email)",
               .tags = tags,
               .status = 202,
               .errors = {429}},
              [&accounts](http::Context& ctx, EmailRequest in) -> asio::awaitable<Message> {
                co_await accounts.recover_password(std::move(in.email),
                                                   ctx.request().remote_address);
                co_return Message{"If that account exists, a password reset email is on its way"};
              });
  router.post("/api/v1/auth/reset-password",
              {.summary = "Set a new password with the token from the email; every session ends",
               .tags = tags,
               .errors = {400}},
              [&accounts](http::Context&, NewPassword in) -> asio::awaitable<Message> {
                co_await accounts.reset_password(std::move(in.token), std::move(in.new_password),
                                                 std::move(in.code));
                co_return Message{"Password updated"};
              });
  router.post("/api/v1/auth/logout",
              {.summary = "End the session: its tokens stop working at once",
               .tags = tags,
               .auth = http::Auth::user},
              [&accounts](http::Context& ctx) -> asio::awaitable<void> {
                co_await accounts.logout(principal(ctx).user.id, principal(ctx).session_id);
              });
}

}  // namespace tessera::api
