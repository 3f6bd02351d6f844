#include "api/authentication.hpp"

#include <string>

#include "core/ascii.hpp"

namespace tessera::api {
namespace {

namespace asio = boost::asio;

// "Bearer <token>", the scheme compared without case (RFC 7235); empty when absent.
std::string bearer_token(const http::Request& request) {
  const std::string* header = request.headers.find("authorization");
  if (!header) return {};
  std::string_view value = *header;
  constexpr std::string_view scheme = "bearer ";
  if (value.size() <= scheme.size() || !core::iequals(value.substr(0, scheme.size()), scheme))
    return {};
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return std::string(value);
}

}  // namespace

http::Authenticator bearer_authentication(const services::Authenticator& authenticator) {
  return [&authenticator](http::Context& ctx, http::Auth auth) -> asio::awaitable<void> {
    const auto role =
        auth == http::Auth::superuser ? services::Role::superuser : services::Role::user;
    ctx.set_principal(co_await authenticator.authenticate(bearer_token(ctx.request()), role));
  };
}

}  // namespace tessera::api
