#pragma once
// The request pipeline: middlewares, routing, handler, and the mapping of errors to
// responses (HttpError -> {"detail"}, validation -> 422, unavailable -> 503, else 500).

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/middleware.hpp"
#include "http/router.hpp"

namespace tessera::http {

// Checks that the request may use a route of the given Auth; throws HttpError 401/403.
using Authenticator = std::function<boost::asio::awaitable<void>(Context&, Auth)>;

class Application {
 public:
  Router& router() { return router_; }
  const Router& router() const { return router_; }
  void use(std::unique_ptr<Middleware> middleware) { middleware_.push_back(std::move(middleware)); }
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }

  // How the body of a request is read, from its route (known once the header is read).
  struct BodyPolicy {
    std::uint64_t limit;
    bool streamed;
  };
  BodyPolicy body_policy(Method method, std::string_view path, std::uint64_t default_limit) const;

  // Runs the request through the middlewares and its route. With a rejection (a request
  // the server refused before its body was read), the middlewares see that answer instead.
  boost::asio::awaitable<Response> handle(Request& request,
                                          std::optional<Response> rejection = std::nullopt);

 private:
  boost::asio::awaitable<Response> dispatch(Context& ctx);

  Router router_;
  std::vector<std::unique_ptr<Middleware>> middleware_;
  Authenticator authenticator_;
};

}  // namespace tessera::http
