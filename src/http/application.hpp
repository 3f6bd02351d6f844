#pragma once
// The request pipeline: middlewares, routing, handler, and the mapping of errors to
// responses (HttpError -> {"detail"}, validation -> 422, unavailable or overloaded -> 503,
// what the error translator knows, else 500). Every answer, refusals included, leaves it
// with the security headers (http/security_headers.hpp).

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/middleware.hpp"
#include "http/router.hpp"

namespace tessera::http {

// Checks that the request may use a route of the given Auth and sets the context's
// principal; throws HttpError 401/403 (or an error the translator knows).
using Authenticator = std::function<boost::asio::awaitable<void>(Context&, Auth)>;
// The answer for an error of the layers above (their own error types); none for an error it
// does not know, which is then a 500.
using ErrorTranslator = std::function<std::optional<Response>(const std::exception&)>;

class Application {
 public:
  Router& router() { return router_; }
  const Router& router() const { return router_; }
  void use(std::unique_ptr<Middleware> middleware) { middleware_.push_back(std::move(middleware)); }
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  void set_error_translator(ErrorTranslator translator) { translator_ = std::move(translator); }
  // Answers the GET and HEAD requests that no route matches (the web app's files and its
  // client-side routes); without one they are 404.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // The route of a request, matched once: the connection reads the body as the route says,
  // then hands the same match to handle().
  Match route(const Request& request) const { return router_.match(request.method, request.path); }

  // How the body of a request is read, from its route (known once the header is read).
  struct BodyPolicy {
    std::uint64_t limit;
    bool streamed;
  };
  static BodyPolicy body_policy(const Match& match, std::uint64_t default_limit);

  // Runs the request through the middlewares and the matched route.
  boost::asio::awaitable<Response> handle(Request& request, Match match);
  boost::asio::awaitable<Response> handle(Request& request) {
    return handle(request, route(request));
  }
  // A request the server refused before its body was read: the middlewares see this answer.
  boost::asio::awaitable<Response> reject(Request& request, Response rejection);

 private:
  boost::asio::awaitable<Response> run(Request& request, std::optional<Match> match,
                                       std::optional<Response> rejection);
  boost::asio::awaitable<Response> dispatch(Context& ctx, Match match);
  Response error_response(const Context& ctx, std::exception_ptr error) const;

  Router router_;
  std::vector<std::unique_ptr<Middleware>> middleware_;
  Authenticator authenticator_;
  ErrorTranslator translator_;
  Handler fallback_;
};

}  // namespace tessera::http
