#include "api/errors.hpp"

#include <array>
#include <typeindex>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "services/errors.hpp"

namespace tessera::api {
namespace {

struct ErrorStatus {
  std::type_index type;
  int status;
};

const std::array<ErrorStatus, 9> kStatuses{{
    {typeid(services::Invalid), 400},
    {typeid(services::Unauthorized), 401},
    {typeid(services::Forbidden), 403},
    {typeid(services::SecondFactorRequired), 403},
    {typeid(services::NotFound), 404},
    {typeid(services::Conflict), 409},
    {typeid(services::UnsupportedFormat), 415},
    {typeid(services::Unprocessable), 422},
    {typeid(services::TooMany), 429},
}};

}  // namespace

std::optional<http::Response> error_response(const std::exception& error) {
  const std::type_index type = typeid(error);
  for (const auto& [kind, status] : kStatuses) {
    if (kind != type) continue;
    http::Response response = http::Response::detail(status, error.what());
    // The login's first step passed: the body says how to finish it (API.md, 2FA).
    if (const auto* second = dynamic_cast<const services::SecondFactorRequired*>(&error)) {
      const boost::json::object body{
          {"detail", error.what()}, {"mfa_required", true}, {"mfa_token", second->mfa_token()}};
      response = http::Response::json(status, boost::json::serialize(body));
      response.headers.set("Cache-Control", "no-store");
    }
    // The bearer scheme asks for its challenge (RFC 6750); a limit says when to come back.
    if (status == 401) response.headers.set("WWW-Authenticate", "Bearer");
    if (const auto* limited = dynamic_cast<const services::TooMany*>(&error))
      response.headers.set("Retry-After", std::to_string(limited->retry_after().count()));
    return response;
  }
  return std::nullopt;
}

}  // namespace tessera::api
