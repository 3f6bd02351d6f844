#include "http/application.hpp"

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "http/http_error.hpp"

namespace tessera::http {
namespace {

Response error_response(int status, std::string_view detail,
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Response response = Response::detail(status, detail);
  for (const auto& [name, value] : headers) response.headers.set(name, value);
  return response;
}

}  // namespace

Application::BodyPolicy Application::body_policy(Method method, std::string_view path,
                                                 std::uint64_t default_limit) const {
  const Match match = router_.match(method, path);
  if (!match.route) return {default_limit, false};
  return {match.route->doc.max_body_bytes.value_or(default_limit), match.route->doc.stream_body};
}

boost::asio::awaitable<Response> Application::handle(Request& request,
                                                     std::optional<Response> rejection) {
  Context ctx(request);
  std::size_t seen = 0;
  std::optional<Response> response;
  while (seen < middleware_.size() && !response) response = middleware_[seen++]->on_request(ctx);
  if (rejection) response = std::move(rejection);
  if (!response) response = co_await dispatch(ctx);
  for (const auto& [name, value] : ctx.response_headers().items())
    response->headers.set(name, value);
  while (seen > 0) middleware_[--seen]->on_response(ctx, *response);
  co_return std::move(*response);
}

boost::asio::awaitable<Response> Application::dispatch(Context& ctx) {
  try {
    Match match = router_.match(ctx.request().method, ctx.request().path);
    if (match.kind == Match::Kind::not_found) co_return error_response(404, "Not Found");
    if (match.kind == Match::Kind::method_not_allowed)
      co_return error_response(405, "Method Not Allowed", {{"Allow", match.allow}});

    const Route& route = *match.route;
    ctx.set_route(&route, std::move(match.params));
    if (route.doc.auth != Auth::none) {
      if (!authenticator_)
        throw HttpError(401, "Not authenticated", {{"WWW-Authenticate", "Bearer"}});
      co_await authenticator_(ctx, route.doc.auth);
    }
    validate_path_params(route, ctx.path_params());
    co_return co_await route.handler(ctx);
  } catch (const HttpError& e) {
    co_return error_response(e.status(), e.detail(), e.headers());
  } catch (const schema::ValidationError& e) {
    co_return Response::json(422, e.to_json_string());
  } catch (const core::UnavailableError& e) {
    core::log_event(core::LogLevel::warning, "dependency unavailable",
                    {{"request_id", ctx.request_id()}, {"error", e.what()}});
    co_return error_response(503, "Service temporarily unavailable");
  } catch (const std::exception& e) {
    core::log_event(core::LogLevel::error, "unhandled error",
                    {{"request_id", ctx.request_id()}, {"error", e.what()}});
    co_return error_response(500, "Internal Server Error");
  }
}

}  // namespace tessera::http
