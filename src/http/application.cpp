#include "http/application.hpp"

#include <string>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "http/http_error.hpp"
#include "http/security_headers.hpp"

namespace tessera::http {
namespace {

Response detail_response(int status, std::string_view detail,
                         const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Response response = Response::detail(status, detail);
  for (const auto& [name, value] : headers) response.headers.set(name, value);
  return response;
}

}  // namespace

Application::BodyPolicy Application::body_policy(const Match& match, std::uint64_t default_limit) {
  if (!match.route) return {default_limit, false};
  return {match.route->doc.max_body_bytes.value_or(default_limit), match.route->doc.stream_body};
}

boost::asio::awaitable<Response> Application::handle(Request& request, Match match) {
  co_return co_await run(request, std::move(match), std::nullopt);
}

boost::asio::awaitable<Response> Application::reject(Request& request, Response rejection) {
  co_return co_await run(request, std::nullopt, std::move(rejection));
}

boost::asio::awaitable<Response> Application::run(Request& request, std::optional<Match> match,
                                                  std::optional<Response> rejection) {
  Context ctx(request);
  std::size_t seen = 0;
  std::optional<Response> response;
  while (seen < middleware_.size() && !response) response = middleware_[seen++]->on_request(ctx);
  if (rejection) response = std::move(rejection);
  if (!response) response = co_await dispatch(ctx, std::move(*match));
  for (const auto& [name, value] : ctx.response_headers().items())
    response->headers.set(name, value);
  while (seen > 0) middleware_[--seen]->on_response(ctx, *response);
  // Last, so that no middleware or route can leave them out.
  add_security_headers(*response);
  co_return std::move(*response);
}

boost::asio::awaitable<Response> Application::dispatch(Context& ctx, Match match) {
  std::exception_ptr error;
  try {
    if (match.kind == Match::Kind::not_found) {
      const Method method = ctx.request().method;
      if (fallback_ && (method == Method::get || method == Method::head))
        co_return co_await fallback_(ctx);
      co_return detail_response(404, "Not Found");
    }
    if (match.kind == Match::Kind::method_not_allowed)
      co_return detail_response(405, "Method Not Allowed", {{"Allow", match.allow}});

    const Route& route = *match.route;
    ctx.set_route(&route, std::move(match.params));
    if (route.doc.auth != Auth::none) {
      if (!authenticator_)
        throw HttpError(401, "Not authenticated", {{"WWW-Authenticate", "Bearer"}});
      co_await authenticator_(ctx, route.doc.auth);
    }
    validate_path_params(route, ctx.path_params());
    co_return co_await route.handler(ctx);
  } catch (...) {
    error = std::current_exception();
  }
  co_return error_response(ctx, error);
}

Response Application::error_response(const Context& ctx, std::exception_ptr error) const {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return detail_response(e.status(), e.detail(), e.headers());
  } catch (const schema::ValidationError& e) {
    return Response::json(422, e.to_json_string());
  } catch (const core::UnavailableError& e) {
    core::log_event(core::LogLevel::warning, "dependency unavailable",
                    {{"request_id", ctx.request_id()}, {"error", e.what()}});
    return detail_response(503, "Service temporarily unavailable");
  } catch (const core::OverloadedError& e) {
    // Not logged one by one: a burst would add a line per refused request, and the access
    // log already shows each 503.
    return detail_response(503, "Server busy; try again shortly",
                           {{"Retry-After", std::to_string(e.retry_after().count())}});
  } catch (const std::exception& e) {
    if (translator_)
      if (auto response = translator_(e)) return std::move(*response);
    core::log_event(core::LogLevel::error, "unhandled error",
                    {{"request_id", ctx.request_id()}, {"error", e.what()}});
  } catch (...) {
    core::log_event(core::LogLevel::error, "unhandled error", {{"request_id", ctx.request_id()}});
  }
  return detail_response(500, "Internal Server Error");
}

}  // namespace tessera::http
