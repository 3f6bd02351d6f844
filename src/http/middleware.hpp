#pragma once
// A middleware sees every request before its route runs and every response after.
// They run in the order added on the way in and in reverse order on the way out; one
// whose on_request answers (a CORS preflight) stops the way in, and only the middlewares
// that saw the request see the response.

#include <optional>

#include "http/context.hpp"
#include "http/request.hpp"

namespace tessera::http {

class Middleware {
 public:
  virtual ~Middleware() = default;
  virtual std::optional<Response> on_request(Context&) { return std::nullopt; }
  virtual void on_response(Context&, Response&) {}
};

}  // namespace tessera::http
