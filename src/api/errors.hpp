#pragma once
// The one table that turns the services' errors (services/errors.hpp) into the statuses and
// bodies of API.md.

#include <exception>
#include <optional>

#include "http/request.hpp"

namespace tessera::api {

// The answer for a services error; none for any other exception.
std::optional<http::Response> error_response(const std::exception& error);

}  // namespace tessera::api
