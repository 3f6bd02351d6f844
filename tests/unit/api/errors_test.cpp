#include "api/errors.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "services/errors.hpp"

namespace tessera::api {
namespace {

namespace json = boost::json;

int status_of(const std::exception& e) {
  const auto response = error_response(e);
  return response ? response->status : 0;
}

TEST(ApiErrors, EachServicesErrorHasItsStatus) {
  EXPECT_EQ(status_of(services::Invalid("x")), 400);
  EXPECT_EQ(status_of(services::Unauthorized("x")), 401);
  EXPECT_EQ(status_of(services::Forbidden("x")), 403);
  EXPECT_EQ(status_of(services::NotFound("x")), 404);
  EXPECT_EQ(status_of(services::Conflict("x")), 409);
  EXPECT_EQ(status_of(services::UnsupportedFormat("x")), 415);
  EXPECT_EQ(status_of(services::Unprocessable("x")), 422);
  EXPECT_EQ(status_of(services::TooMany("x", std::chrono::seconds(7))), 429);
}

TEST(ApiErrors, TheSentenceIsTheDetail) {
  const auto response = error_response(services::NotFound("Image not found"));
  ASSERT_TRUE(response);
  EXPECT_EQ(json::parse(response->body), json::parse(R"({"detail": "Image not found"})"));
}

TEST(ApiErrors, UnauthorizedChallengesAndTooManySaysWhenToComeBack) {
  EXPECT_EQ(error_response(services::Unauthorized("x"))->headers.get("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(
      error_response(services::TooMany("x", std::chrono::seconds(42)))->headers.get("Retry-After"),
      "42");
  EXPECT_TRUE(error_response(services::NotFound("x"))->headers.get("Retry-After").empty());
}

TEST(ApiErrors, OtherExceptionsAreNotTranslated) {
  EXPECT_FALSE(error_response(std::runtime_error("disk on fire")));
  EXPECT_FALSE(error_response(std::logic_error("bug")));
}

}  // namespace
}  // namespace tessera::api
