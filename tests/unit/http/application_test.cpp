#include "http/application.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/ascii.hpp"
#include "core/errors.hpp"
#include "http/http_error.hpp"
#include "http/middlewares.hpp"
#include "http/security_headers.hpp"
#include "schema/schema.hpp"

namespace tessera::http {
namespace {

namespace asio = boost::asio;

struct Note {
  std::string text;
  int stars = 0;
};
BOOST_DESCRIBE_STRUCT(Note, (), (text, stars))
constexpr auto schema_rules(const Note*) {
  using namespace tessera::schema;
  return Rules{"Note", field(&Note::text, length(1, 10)), field(&Note::stars, ge(0), le(5))};
}

Request make_request(Method method, std::string path, std::string body = {},
                     std::string content_type = "application/json") {
  Request r{.method = method, .path = std::move(path), .body = std::move(body)};
  if (!content_type.empty()) r.headers.add("Content-Type", content_type);
  return r;
}

class ApplicationTest : public ::testing::Test {
 protected:
  Response call(Request request) {
    asio::io_context io;
    auto future = asio::co_spawn(io, app.handle(request), asio::use_future);
    io.run();
    return future.get();
  }
  static boost::json::value json(const Response& r) { return boost::json::parse(r.body); }

  Application app;
};

TEST_F(ApplicationTest, TypedHandlerDecodesBodyAndEncodesResult) {
  app.router().post("/notes", {.status = 201}, [](Context&, Note in) -> asio::awaitable<Note> {
    in.stars += 1;
    co_return in;
  });
  const Response r = call(make_request(Method::post, "/notes", R"({"text":"hi","stars":2})"));
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(json(r), boost::json::parse(R"({"text":"hi","stars":3})"));
}

TEST_F(ApplicationTest, InvalidBodyIs422WithEveryProblem) {
  app.router().post("/notes", {}, [](Context&, Note in) -> asio::awaitable<Note> { co_return in; });
  const Response r = call(make_request(Method::post, "/notes", R"({"stars":9})"));
  EXPECT_EQ(r.status, 422);
  const auto detail = json(r).at("detail").as_array();
  ASSERT_EQ(detail.size(), 2u);
  EXPECT_EQ(detail[0].at("loc"), boost::json::parse(R"(["body","text"])"));
  EXPECT_EQ(detail[0].at("type"), "missing");
  EXPECT_EQ(detail[1].at("loc"), boost::json::parse(R"(["body","stars"])"));
  EXPECT_EQ(detail[1].at("type"), "less_than_equal");
}

TEST_F(ApplicationTest, QueryAndBodyErrorsAreReportedTogether) {
  app.router().post("/notes", {}, [](Context&, Note in, Query<Note> q) -> asio::awaitable<Note> {
    (void)q;
    co_return in;
  });
  Request request = make_request(Method::post, "/notes", "{}");
  request.query = "stars=x";
  const auto detail = json(call(std::move(request))).at("detail").as_array();
  std::vector<std::string> locs;
  for (const auto& item : detail) locs.push_back(boost::json::serialize(item.at("loc")));
  EXPECT_EQ(locs, (std::vector<std::string>{R"(["body","text"])", R"(["body","stars"])",
                                            R"(["query","text"])", R"(["query","stars"])"}));
}

TEST_F(ApplicationTest, WrongContentTypeIs415) {
  app.router().post("/notes", {}, [](Context&, Note in) -> asio::awaitable<Note> { co_return in; });
  const Response r =
      call(make_request(Method::post, "/notes", "text=x", "application/x-www-form-urlencoded"));
  EXPECT_EQ(r.status, 415);
}

TEST_F(ApplicationTest, VoidHandlerAnswers204) {
  app.router().del("/notes/{id:uuid}", {}, [](Context&) -> asio::awaitable<void> { co_return; });
  const Response r =
      call(make_request(Method::delete_, "/notes/3f2b8c1e-8d4a-4c6e-9b1a-2f3e4d5c6b7a"));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ApplicationTest, ErrorsAreMappedToStatusAndDetail) {
  app.router().get("/fail/{kind}", {}, [](Context& ctx) -> asio::awaitable<Note> {
    if (ctx.path_param("kind") == "http") throw HttpError(409, "Taken", {{"X-Why", "dup"}});
    if (ctx.path_param("kind") == "down") throw core::UnavailableError("redis down at 10.1.1.1");
    throw std::runtime_error("password=hunter2 in SQL");
  });
  const Response conflict = call(make_request(Method::get, "/fail/http"));
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body, R"({"detail":"Taken"})");
  EXPECT_EQ(conflict.headers.get("X-Why"), "dup");
  const Response down = call(make_request(Method::get, "/fail/down"));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.body.find("10.1.1.1"), std::string::npos);
  const Response crash = call(make_request(Method::get, "/fail/other"));
  EXPECT_EQ(crash.status, 500);
  EXPECT_EQ(crash.body, R"({"detail":"Internal Server Error"})");
}

TEST_F(ApplicationTest, OverloadIs503WithRetryAfter) {
  app.router().get("/busy/{seconds}", {}, [](Context& ctx) -> asio::awaitable<Note> {
    if (ctx.path_param("seconds") == "default") throw core::OverloadedError("CpuPool: queue full");
    throw core::OverloadedError("CpuPool: queue full", std::chrono::seconds(5));
  });
  const Response busy = call(make_request(Method::get, "/busy/default"));
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(json(busy), boost::json::parse(R"({"detail": "Server busy; try again shortly"})"));
  EXPECT_EQ(busy.headers.get("Retry-After"), "1");
  EXPECT_EQ(call(make_request(Method::get, "/busy/5")).headers.get("Retry-After"), "5");
}

TEST_F(ApplicationTest, NotFoundAndMethodNotAllowed) {
  app.router().get("/notes", {}, [](Context&) -> asio::awaitable<void> { co_return; });
  const Response missing = call(make_request(Method::get, "/other"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"detail":"Not Found"})");
  const Response wrong = call(make_request(Method::put, "/notes"));
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.get("Allow"), "GET");
}

TEST_F(ApplicationTest, ProtectedRouteWithoutAuthenticatorIs401) {
  app.router().get("/me", {.auth = Auth::user},
                   [](Context&) -> asio::awaitable<void> { co_return; });
  const Response r = call(make_request(Method::get, "/me"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.get("WWW-Authenticate"), "Bearer");
}

TEST_F(ApplicationTest, AuthenticatorRunsBeforeTheHandler) {
  bool handler_ran = false;
  app.set_authenticator([](Context&, Auth auth) -> asio::awaitable<void> {
    if (auth == Auth::superuser) throw HttpError(403, "Not enough privileges");
    co_return;
  });
  app.router().get("/admin", {.auth = Auth::superuser}, [&](Context&) -> asio::awaitable<void> {
    handler_ran = true;
    co_return;
  });
  EXPECT_EQ(call(make_request(Method::get, "/admin")).status, 403);
  EXPECT_FALSE(handler_ran);
}

TEST_F(ApplicationTest, TheErrorTranslatorAnswersForTheLayersAbove) {
  struct OutOfTea : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  app.set_error_translator([](const std::exception& e) -> std::optional<Response> {
    if (dynamic_cast<const OutOfTea*>(&e)) return Response::detail(418, e.what());
    return std::nullopt;
  });
  app.router().get("/tea", {}, [](Context&) -> asio::awaitable<void> {
    throw OutOfTea("No tea left");
    co_return;
  });
  app.router().get("/bug", {}, [](Context&) -> asio::awaitable<void> {
    throw std::logic_error("secret detail");
    co_return;
  });
  const Response tea = call(make_request(Method::get, "/tea"));
  EXPECT_EQ(tea.status, 418);
  EXPECT_EQ(json(tea), boost::json::parse(R"({"detail": "No tea left"})"));
  const Response bug = call(make_request(Method::get, "/bug"));
  EXPECT_EQ(bug.status, 500);
  EXPECT_EQ(bug.body.find("secret"), std::string::npos);
}

TEST_F(ApplicationTest, MiddlewaresWrapTheRouteAndSeeErrors) {
  app.use(make_request_id_middleware());
  app.use(make_cors_middleware({"http://app.example"}));
  app.router().get("/notes", {}, [](Context&) -> asio::awaitable<void> { co_return; });

  Request request = make_request(Method::get, "/missing");
  request.headers.add("X-Request-ID", "req-7");
  request.headers.add("Origin", "http://app.example");
  const Response r = call(std::move(request));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("X-Request-ID"), "req-7");
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Origin"), "http://app.example");

  Request preflight = make_request(Method::options, "/notes", "", "");
  preflight.headers.add("Origin", "http://app.example");
  preflight.headers.add("Access-Control-Request-Method", "GET");
  const Response p = call(std::move(preflight));
  EXPECT_EQ(p.status, 200);
  EXPECT_FALSE(p.headers.get("X-Request-ID").empty());
}

TEST_F(ApplicationTest, RejectionSkipsTheRouteButNotTheMiddlewares) {
  app.use(make_request_id_middleware());
  bool handler_ran = false;
  app.router().post("/notes", {}, [&](Context&) -> asio::awaitable<void> {
    handler_ran = true;
    co_return;
  });
  Request request = make_request(Method::post, "/notes");
  asio::io_context io;
  auto future =
      asio::co_spawn(io, app.reject(request, Response::detail(413, "too large")), asio::use_future);
  io.run();
  const Response r = future.get();
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(r.headers.get("X-Request-ID").empty());
  EXPECT_FALSE(handler_ran);
}

TEST_F(ApplicationTest, EveryAnswerIsNosniffAndHtmlPagesHaveAStrictPolicy) {
  app.use(make_request_id_middleware());
  app.router().get("/note", {}, [](Context&) -> asio::awaitable<Note> { co_return Note{"a", 1}; });
  app.router().get("/page", {}, [](Context&) -> asio::awaitable<Response> {
    co_return Response::text(200, "<!doctype html>", "Text/HTML; charset=utf-8");
  });
  app.router().get("/framed", {}, [](Context&) -> asio::awaitable<Response> {
    Response page = Response::text(200, "<p>", "text/html");
    page.headers.set("Content-Security-Policy", "default-src 'self'");
    page.headers.set("X-Frame-Options", "SAMEORIGIN");
    co_return page;
  });
  app.router().get("/cached", {}, [](Context&) -> asio::awaitable<Response> {
    co_return Response{.status = 304};
  });
  app.router().get("/crash", {},
                   [](Context&) -> asio::awaitable<Response> { throw std::runtime_error("bug"); });
  app.router().post("/notes", {}, [](Context&, Note in) -> asio::awaitable<Note> { co_return in; });

  const auto not_html = [](const Response& r) {
    EXPECT_EQ(r.headers.get("X-Content-Type-Options"), "nosniff") << r.status;
    EXPECT_FALSE(r.headers.contains("Content-Security-Policy")) << r.status;
    EXPECT_FALSE(r.headers.contains("X-Frame-Options")) << r.status;
  };
  not_html(call(make_request(Method::get, "/note")));
  not_html(call(make_request(Method::get, "/missing")));                    // 404
  not_html(call(make_request(Method::delete_, "/note")));                   // 405
  not_html(call(make_request(Method::post, "/notes", R"({"stars":9})")));   // 422
  not_html(call(make_request(Method::post, "/notes", "x", "text/plain")));  // 415
  not_html(call(make_request(Method::get, "/cached")));                     // 304
  not_html(call(make_request(Method::get, "/crash")));                      // 500
  not_html(call(make_request(Method::head, "/note")));
  Request refused = make_request(Method::post, "/notes");
  asio::io_context io;
  auto future =
      asio::co_spawn(io, app.reject(refused, Response::detail(400, "Malformed")), asio::use_future);
  io.run();
  not_html(future.get());

  const Response page = call(make_request(Method::get, "/page"));
  EXPECT_EQ(page.headers.get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.headers.get("Content-Security-Policy"), html_content_security_policy);
  EXPECT_EQ(page.headers.get("X-Frame-Options"), "DENY");
  EXPECT_FALSE(page.headers.get("X-Request-ID").empty());
  // A page that chose its own policy keeps it.
  const Response framed = call(make_request(Method::get, "/framed"));
  EXPECT_EQ(framed.headers.get("Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(framed.headers.get("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(framed.headers.get("X-Content-Type-Options"), "nosniff");
}

TEST(SecurityHeaders, TheHtmlPolicyAllowsNoInlineScriptAndNoFraming) {
  const std::string_view policy = html_content_security_policy;
  EXPECT_NE(policy.find("script-src 'self';"), std::string_view::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string_view::npos);
  EXPECT_EQ(policy.find("unsafe-eval"), std::string_view::npos);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string_view::npos);
  EXPECT_NE(policy.find("default-src 'none'"), std::string_view::npos);
  // Set once, even over a route's own nosniff header.
  Response r = Response::json(200, "{}");
  r.headers.add("x-content-type-options", "nosniff");
  add_security_headers(r);
  EXPECT_EQ(
      std::count_if(r.headers.items().begin(), r.headers.items().end(),
                    [](const auto& h) { return core::iequals(h.first, "X-Content-Type-Options"); }),
      1);
  for (const char* type : {"text/html", " text/html;charset=utf-8", "TEXT/HTML"}) {
    Response html = Response::text(200, "", type);
    add_security_headers(html);
    EXPECT_EQ(html.headers.get("X-Frame-Options"), "DENY") << type;
  }
  for (const char* type : {"text/htmlx", "application/xhtml", "text/plain", ""}) {
    Response other = Response::text(200, "", type);
    add_security_headers(other);
    EXPECT_FALSE(other.headers.contains("X-Frame-Options")) << type;
  }
}

TEST_F(ApplicationTest, BodyPolicyIsTheRoutes) {
  app.router().post("/upload", {.max_body_bytes = 20u << 20, .stream_body = true},
                    [](Context&) -> asio::awaitable<void> { co_return; });
  app.router().post("/small", {}, [](Context&) -> asio::awaitable<void> { co_return; });
  const auto policy = [&](std::string path) {
    return Application::body_policy(app.route(make_request(Method::post, std::move(path))), 1024);
  };
  const auto upload = policy("/upload");
  EXPECT_EQ(upload.limit, 20u << 20);
  EXPECT_TRUE(upload.streamed);
  const auto small = policy("/small");
  EXPECT_EQ(small.limit, 1024u);
  EXPECT_FALSE(small.streamed);
  EXPECT_FALSE(policy("/other").streamed);
}

TEST_F(ApplicationTest, FallbackAnswersOnlyUnmatchedGetAndHead) {
  app.router().get("/api/thing", {}, [](Context&) -> asio::awaitable<Response> {
    co_return Response::json(200, "1");
  });
  EXPECT_EQ(call(make_request(Method::get, "/page")).status, 404);  // no fallback yet
  app.set_fallback([](Context& ctx) -> asio::awaitable<Response> {
    co_return Response::text(200, "page " + ctx.request().path, "text/html");
  });
  EXPECT_EQ(call(make_request(Method::get, "/page")).body, "page /page");
  EXPECT_EQ(call(make_request(Method::head, "/page")).status, 200);
  EXPECT_EQ(call(make_request(Method::post, "/page")).status, 404);
  EXPECT_EQ(call(make_request(Method::get, "/api/thing")).body, "1");
  // A route's path with another method stays a 405, not the page.
  EXPECT_EQ(call(make_request(Method::delete_, "/api/thing")).status, 405);
}

}  // namespace
}  // namespace tessera::http
