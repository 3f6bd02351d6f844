#pragma once
// Method + path-template dispatch. A route is declared once: its handler's signature says
// what it reads (JSON body, form, query) and returns, and that drives decoding, 422 errors,
// the response encoding and the OpenAPI document.
//
//   router.get("/api/v1/items/{id:uuid}", {.summary = "One item", .tags = {"items"}},
//              [&](Context& ctx) -> asio::awaitable<ItemPublic> { ... });
//   router.post("/api/v1/items/", {.status = 201},
//               [&](Context& ctx, ItemCreate in) -> asio::awaitable<ItemPublic> { ... });
//
// Parameters after Context&: a described struct is the JSON body, Form<T> a urlencoded
// form, Query<T> the query string. Templates accept {name}, {name:uuid} and {name:int}.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/context.hpp"
#include "http/route.hpp"
#include "http/typed_handler.hpp"

namespace tessera::http {

struct Match {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;  // raw, percent-decoded
  std::string allow;                                        // for 405: "GET, POST"
};

class Router {
 public:
  Route& add(Method method, std::string_view path, RouteDoc doc, Handler handler);

  template <class F>
  Route& get(std::string_view path, RouteDoc doc, F handler) {
    return add_typed(Method::get, path, std::move(doc), std::move(handler));
  }
  template <class F>
  Route& post(std::string_view path, RouteDoc doc, F handler) {
    return add_typed(Method::post, path, std::move(doc), std::move(handler));
  }
  template <class F>
  Route& put(std::string_view path, RouteDoc doc, F handler) {
    return add_typed(Method::put, path, std::move(doc), std::move(handler));
  }
  template <class F>
  Route& patch(std::string_view path, RouteDoc doc, F handler) {
    return add_typed(Method::patch, path, std::move(doc), std::move(handler));
  }
  template <class F>
  Route& del(std::string_view path, RouteDoc doc, F handler) {
    return add_typed(Method::delete_, path, std::move(doc), std::move(handler));
  }

  // HEAD is answered by GET routes; a trailing slash is optional.
  Match match(Method method, std::string_view path) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  template <class F>
  Route& add_typed(Method method, std::string_view path, RouteDoc doc, F handler) {
    Route& route = add(method, path, std::move(doc), {});
    bind_typed_handler(route, std::move(handler));
    return route;
  }

  std::vector<std::unique_ptr<Route>> routes_;
};

// Validates the matched parameters against the template's types; throws
// schema::ValidationError with loc ["path", name] for each malformed one.
void validate_path_params(const Route& route,
                          const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace tessera::http
