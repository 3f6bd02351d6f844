#include "http/middlewares.hpp"

#include <algorithm>
#include <chrono>

#include "core/logging.hpp"
#include "core/uuid.hpp"
#include "http/route.hpp"

namespace tessera::http {
namespace {

bool sane_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

class RequestId final : public Middleware {
 public:
  std::optional<Response> on_request(Context& ctx) override {
    const auto given = ctx.request().headers.get("X-Request-ID");
    ctx.set_request_id(sane_request_id(given) ? std::string(given)
                                              : core::Uuid::fast_random().str());
    return std::nullopt;
  }
  void on_response(Context& ctx, Response& response) override {
    response.headers.set("X-Request-ID", ctx.request_id());
  }
};

class AccessLog final : public Middleware {
 public:
  void on_response(Context& ctx, Response& response) override {
    const auto elapsed = std::chrono::steady_clock::now() - ctx.started();
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    const Route* route = ctx.route();
    const std::string_view method = ctx.request().method == Method::other
                                        ? std::string_view(ctx.request().method_name)
                                        : to_string(ctx.request().method);
    core::log_event(
        core::LogLevel::info, "request",
        {{"method", method},
         {"route", route ? std::string_view(route->path) : std::string_view(ctx.request().path)},
         {"status", static_cast<std::int64_t>(response.status)},
         {"duration_ms", ms},
         {"request_id", ctx.request_id()}});
  }
};

class Cors final : public Middleware {
 public:
  explicit Cors(std::vector<std::string> origins)
      : origins_(std::move(origins)),
        any_(std::find(origins_.begin(), origins_.end(), "*") != origins_.end()) {}

  std::optional<Response> on_request(Context& ctx) override {
    const Request& request = ctx.request();
    const auto origin = request.headers.get("Origin");
    if (request.method != Method::options || origin.empty() ||
        !request.headers.contains("Access-Control-Request-Method"))
      return std::nullopt;
    if (!allowed(origin))
      return Response::text(400, "Disallowed CORS origin", "text/plain; charset=utf-8");
    Response response = Response::text(200, "OK", "text/plain; charset=utf-8");
    response.headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    const auto requested = request.headers.get("Access-Control-Request-Headers");
    response.headers.set(
        "Access-Control-Allow-Headers",
        requested.empty() ? std::string("Authorization, Content-Type") : std::string(requested));
    response.headers.set("Access-Control-Max-Age", "600");
    return response;
  }

  void on_response(Context& ctx, Response& response) override {
    const auto origin = ctx.request().headers.get("Origin");
    if (origin.empty() || !allowed(origin)) return;
    response.headers.set("Access-Control-Allow-Origin", any_ ? "*" : std::string(origin));
    if (!any_) {
      response.headers.set("Access-Control-Allow-Credentials", "true");
      response.headers.add("Vary", "Origin");
    }
    response.headers.set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After");
  }

 private:
  bool allowed(std::string_view origin) const {
    return any_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
  }

  std::vector<std::string> origins_;
  bool any_;
};

}  // namespace

std::unique_ptr<Middleware> make_request_id_middleware() {
  return std::make_unique<RequestId>();
}
std::unique_ptr<Middleware> make_access_log_middleware() {
  return std::make_unique<AccessLog>();
}
std::unique_ptr<Middleware> make_cors_middleware(std::vector<std::string> origins) {
  return std::make_unique<Cors>(std::move(origins));
}

}  // namespace tessera::http
