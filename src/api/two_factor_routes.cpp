#include "api/two_factor_routes.hpp"

#include "api/account_schemas.hpp"
#include "api/authentication.hpp"
#include "http/context.hpp"
#include "http/router.hpp"
#include "services/two_factor.hpp"

namespace tessera::api {

namespace asio = boost::asio;

void add_two_factor_routes(http::Router& router, services::TwoFactor& two_factor) {
  using http::Auth;
  const std::vector<std::string> tags = {"two-factor"};
  router.post("/api/v1/users/me/2fa/setup",
              {.summary = "Start two-factor set-up: a new secret, its otpauth URI and QR code",
               .tags = tags,
               .auth = Auth::user,
               .errors = {400, 409}},
              [&two_factor](http::Context& ctx,
                            PasswordRequest in) -> asio::awaitable<TwoFactorSetupPublic> {
                auto setup =
                    co_await two_factor.setup(principal(ctx).user.id, std::move(in.password));
                ctx.response_headers().set("Cache-Control", "no-store");
                co_return TwoFactorSetupPublic{
                    std::move(setup.secret), std::move(setup.otpauth_uri), std::move(setup.qr_svg)};
              });
  router.post("/api/v1/users/me/2fa/confirm",
              {.summary = "Turn two-factor authentication on with a code: the recovery codes",
               .tags = tags,
               .auth = Auth::user,
               .errors = {400, 409, 429}},
              [&two_factor](http::Context& ctx, CodeRequest in) -> asio::awaitable<RecoveryCodes> {
                auto codes =
                    co_await two_factor.confirm(principal(ctx).user.id, std::move(in.code));
                ctx.response_headers().set("Cache-Control", "no-store");
                co_return RecoveryCodes{std::move(codes)};
              });
  router.del("/api/v1/users/me/2fa",
             {.summary = "Turn two-factor authentication off (password and a code)",
              .tags = tags,
              .auth = Auth::user,
              .errors = {400, 429}},
             [&two_factor](http::Context& ctx, TwoFactorDisable in) -> asio::awaitable<void> {
               co_await two_factor.disable(principal(ctx).user.id, std::move(in.password),
                                           std::move(in.code));
             });
}

}  // namespace tessera::api
