#include "http/router.hpp"

#include <gtest/gtest.h>

#include "schema/schema.hpp"

namespace tessera::http {
namespace {

boost::asio::awaitable<Response> ok(Context&) {
  co_return Response{};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add(Method::get, "/api/v1/users/", {}, ok);
    router.add(Method::post, "/api/v1/users/", {}, ok);
    router.add(Method::get, "/api/v1/users/me", {}, ok);
    router.add(Method::get, "/api/v1/users/{id:uuid}", {}, ok);
    router.add(Method::patch, "/api/v1/users/{id:uuid}", {}, ok);
    router.add(Method::get, "/api/v1/images/{id:uuid}/variants/{name}", {}, ok);
    router.add(Method::get, "/pages/{n:int}", {}, ok);
    router.add(Method::get, "/", {}, ok);
  }
  Router router;
};

TEST_F(RouterTest, DocumentedPathDropsParameterTypes) {
  EXPECT_EQ(router.routes()[3]->path, "/api/v1/users/{id}");
  EXPECT_EQ(router.routes()[0]->path, "/api/v1/users/");
  EXPECT_EQ(router.routes()[5]->path, "/api/v1/images/{id}/variants/{name}");
}

TEST_F(RouterTest, CollectionMatchesWithAndWithoutTrailingSlash) {
  for (auto path : {"/api/v1/users/", "/api/v1/users"}) {
    const Match m = router.match(Method::get, path);
    ASSERT_EQ(m.kind, Match::Kind::found) << path;
    EXPECT_EQ(m.route, router.routes()[0].get());
  }
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  const Match m = router.match(Method::get, "/api/v1/users/me");
  ASSERT_EQ(m.kind, Match::Kind::found);
  EXPECT_EQ(m.route->path, "/api/v1/users/me");
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterTest, ParametersAreCaptured) {
  const Match m = router.match(Method::get, "/api/v1/images/abc/variants/thumb");
  ASSERT_EQ(m.kind, Match::Kind::found);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "abc"}));
  EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"name", "thumb"}));
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  EXPECT_EQ(router.match(Method::get, "/api/v1/nothing").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/api/v1/users/a/b/c").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/api/v1/images//variants/x").kind, Match::Kind::not_found);
}

TEST_F(RouterTest, WrongMethodListsAllowedMethods) {
  const Match m = router.match(Method::delete_, "/api/v1/users/");
  EXPECT_EQ(m.kind, Match::Kind::method_not_allowed);
  EXPECT_EQ(m.allow, "GET, POST");
  const Match by_id = router.match(Method::post, "/api/v1/users/42");
  EXPECT_EQ(by_id.kind, Match::Kind::method_not_allowed);
  EXPECT_EQ(by_id.allow, "GET, PATCH");
}

TEST_F(RouterTest, HeadIsAnsweredByGet) {
  EXPECT_EQ(router.match(Method::head, "/").kind, Match::Kind::found);
}

TEST_F(RouterTest, MalformedUuidIsA422AtPathId) {
  const Match m = router.match(Method::get, "/api/v1/users/not-a-uuid");
  ASSERT_EQ(m.kind, Match::Kind::found);
  try {
    validate_path_params(*m.route, m.params);
    FAIL() << "no error";
  } catch (const schema::ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    const auto& item = e.errors()[0];
    EXPECT_EQ(item.loc, (schema::Loc{std::string("path"), std::string("id")}));
    EXPECT_EQ(item.type, "uuid_parsing");
  }
}

TEST_F(RouterTest, WellFormedParametersPass) {
  const Match m = router.match(Method::get, "/api/v1/users/3f2b8c1e-8d4a-4c6e-9b1a-2f3e4d5c6b7a");
  EXPECT_NO_THROW(validate_path_params(*m.route, m.params));
  const Match page = router.match(Method::get, "/pages/12");
  EXPECT_NO_THROW(validate_path_params(*page.route, page.params));
}

TEST_F(RouterTest, MalformedIntegerIsInt422) {
  const Match m = router.match(Method::get, "/pages/12x");
  try {
    validate_path_params(*m.route, m.params);
    FAIL() << "no error";
  } catch (const schema::ValidationError& e) {
    EXPECT_EQ(e.errors().at(0).type, "int_parsing");
  }
}

TEST(RouterTemplates, RejectMalformedTemplates) {
  Router router;
  EXPECT_THROW(router.add(Method::get, "/a/{id:float}", {}, ok), std::invalid_argument);
  EXPECT_THROW(router.add(Method::get, "/a/x{id}", {}, ok), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::http
