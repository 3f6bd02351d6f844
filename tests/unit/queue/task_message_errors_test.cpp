// Every way decode_message refuses a message, each with a reason naming the field.

#include <functional>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "queue/base64.hpp"
#include "queue/task_message.hpp"

#include "celery_samples.hpp"
#include "decode_error.hpp"

namespace tessera::queue {
namespace {

namespace json = boost::json;

std::string error_of(std::string_view text) {
  return decode_error(decode_message, text);
}

// The Celery sample with one change.
std::string error_after(const std::function<void(json::object&)>& change) {
  json::object envelope = json::parse(samples::kCeleryMessage).as_object();
  change(envelope);
  return error_of(json::serialize(envelope));
}

json::object& headers(json::object& e) {
  return e["headers"].as_object();
}
json::object& properties(json::object& e) {
  return e["properties"].as_object();
}

TEST(DecodeMessageErrors, RejectsTextThatIsNotAnEnvelope) {
  EXPECT_NE(error_of("").find("message: not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("{").find("message: not valid JSON"), std::string::npos);
  EXPECT_EQ(error_of("[]"), "message: expected a JSON object");
  EXPECT_NE(error_of("{} x").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("\"\xff\"").find("not valid JSON"), std::string::npos);
}

TEST(DecodeMessageErrors, RejectsOtherSerializersAndEncodings) {
  EXPECT_EQ(error_after([](auto& e) { e["content-type"] = "application/x-python-serialize"; }),
            "content-type: only application/json is supported (set the task serializer to "
            "json), got \"application/x-python-serialize\"");
  EXPECT_EQ(error_after([](auto& e) { e.erase("content-type"); }), "content-type: missing");
  EXPECT_EQ(error_after([](auto& e) { e["content-type"] = 3; }), "content-type: expected a string");
  EXPECT_EQ(error_after([](auto& e) { e["content-encoding"] = "binary"; }),
            "content-encoding: only utf-8 is supported, got \"binary\"");
  EXPECT_EQ(error_after([](auto& e) { properties(e)["body_encoding"] = "raw"; }),
            "properties.body_encoding: only base64 is supported, got \"raw\"");
  EXPECT_EQ(error_after([](auto& e) { properties(e).erase("body_encoding"); }),
            "properties.body_encoding: missing");
}

TEST(DecodeMessageErrors, RejectsMissingOrMistypedSections) {
  EXPECT_EQ(error_after([](auto& e) { e.erase("properties"); }), "properties: missing");
  EXPECT_EQ(error_after([](auto& e) { e["properties"] = json::array{}; }),
            "properties: expected a JSON object");
  EXPECT_EQ(error_after([](auto& e) { e.erase("headers"); }), "headers: missing");
  EXPECT_EQ(error_after([](auto& e) { e["headers"] = nullptr; }),
            "headers: expected a JSON object");
  EXPECT_EQ(error_after([](auto& e) { properties(e)["delivery_info"] = "x"; }),
            "properties.delivery_info: expected a JSON object");
  EXPECT_EQ(
      error_after([](auto& e) { properties(e)["delivery_info"].as_object()["routing_key"] = 1; }),
      "properties.delivery_info.routing_key: expected a string");
  EXPECT_EQ(error_after([](auto& e) { properties(e)["reply_to"] = 1; }),
            "properties.reply_to: expected a string");
}

TEST(DecodeMessageErrors, RejectsBadBodies) {
  const auto with_body = [](std::string body) {
    return error_after([&](auto& e) { e["body"] = body; });
  };
  EXPECT_EQ(error_after([](auto& e) { e.erase("body"); }), "body: missing");
  EXPECT_EQ(with_body("W1syLCAzXSwg!!!="), "body: not valid base64");
  EXPECT_NE(with_body("W1tdLCB7fSwgbnVsbA==").find("body: not valid JSON"), std::string::npos);
  EXPECT_EQ(with_body("WzEsIDJd"), "body: expected [args, kwargs, embed]");  // [1, 2]
  EXPECT_EQ(with_body("W1tdLCBbXSwgbnVsbF0="), "body kwargs: expected a JSON object");
  EXPECT_NE(with_body("").find("body: not valid JSON"), std::string::npos);
}

// Boost.JSON parses a number too large for a double as an infinity, which encode_message
// would write as `Infinity` (not JSON): such a message is refused where it is read.
TEST(DecodeMessageErrors, RejectsNumbersTooLargeForADouble) {
  const auto with_body = [](std::string_view body) {
    return error_after([&](auto& e) { e["body"] = base64_encode(body); });
  };
  EXPECT_EQ(with_body("[[1e400], {}, null]"), "body: a number is too large for a double at [0][0]");
  EXPECT_EQ(with_body(R"([[1, 2], {"a": {"b": [0, -1e400]}}, null])"),
            R"(body: a number is too large for a double at [1]["a"]["b"][1])");
  EXPECT_EQ(with_body(R"([[], {}, {"chain": [1.7976931348623158e308]}])"),
            R"(body: a number is too large for a double at [2]["chain"][0])");
  EXPECT_EQ(with_body("[[" + std::string(400, '9') + "], {}, null]"),
            "body: a number is too large for a double at [0][0]");

  // In the envelope: the text is edited, since serialising an infinity is not JSON.
  const auto edited = [](std::string_view from, std::string_view to) {
    std::string text(samples::kCeleryMessage);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return error_of(text);
  };
  EXPECT_EQ(edited(R"("retries": 2)", R"("retries": 1e400)"),
            R"(message: a number is too large for a double at ["headers"]["retries"])");
  EXPECT_EQ(edited(R"("timelimit": [30, 12.5])", R"("timelimit": [30, -1e999])"),
            R"(message: a number is too large for a double at ["headers"]["timelimit"][1])");
  EXPECT_EQ(edited(R"("priority": 0)", R"("priority": 0, "x": 1e400)"),
            R"(message: a number is too large for a double at ["properties"]["x"])");
}

TEST(DecodeMessageErrors, RejectsBadHeaders) {
  const auto with_header = [](std::string_view key, json::value value) {
    return error_after([&](auto& e) { headers(e)[key] = value; });
  };
  EXPECT_EQ(error_after([](auto& e) { headers(e).erase("task"); }),
            "headers.task: missing (protocol v1 messages are not supported)");
  EXPECT_EQ(with_header("task", ""),
            "headers.task: missing (protocol v1 messages are not supported)");
  EXPECT_EQ(with_header("task", 1), "headers.task: expected a string");
  EXPECT_EQ(error_after([](auto& e) { headers(e).erase("id"); }), "headers.id: missing");
  EXPECT_EQ(with_header("id", "my-task-1"), "headers.id: expected a UUID, got \"my-task-1\"");
  EXPECT_EQ(with_header("root_id", "x"), "headers.root_id: expected a UUID, got \"x\"");
  EXPECT_EQ(with_header("parent_id", 5), "headers.parent_id: expected a string");
  EXPECT_EQ(with_header("eta", "tomorrow"),
            "headers.eta: expected an ISO 8601 date and time, got \"tomorrow\"");
  EXPECT_EQ(with_header("eta", "2026-11-25T10:00:00+01"),
            "headers.eta: expected an ISO 8601 date and time, got \"2026-11-25T10:00:00+01\"");
  EXPECT_EQ(with_header("expires", "2026-13-01T00:00:00"),
            "headers.expires: expected an ISO 8601 date and time, got \"2026-13-01T00:00:00\"");
  EXPECT_EQ(with_header("eta", "0001-01-01T00:30:00+01:00"),
            "headers.eta: expected an ISO 8601 date and time, got \"0001-01-01T00:30:00+01:00\"");
  EXPECT_EQ(with_header("expires", 3600), "headers.expires: expected a string");
  EXPECT_EQ(with_header("retries", -1), "headers.retries: out of range");
  EXPECT_EQ(with_header("retries", 1LL << 40), "headers.retries: out of range");
  EXPECT_EQ(with_header("retries", 1.0), "headers.retries: expected an integer");
  EXPECT_EQ(with_header("retries", std::uint64_t(-1)), "headers.retries: expected an integer");
  EXPECT_EQ(with_header("timelimit", json::array{1}), "headers.timelimit: expected [hard, soft]");
  EXPECT_EQ(with_header("timelimit", "60"), "headers.timelimit: expected [hard, soft]");
  EXPECT_EQ(with_header("timelimit", json::array{"1", nullptr}),
            "headers.timelimit[0]: expected a number of seconds or null");
  EXPECT_EQ(with_header("timelimit", json::array{nullptr, -1}),
            "headers.timelimit[1]: expected between 0 and 1e9 seconds");
  EXPECT_EQ(with_header("timelimit", json::array{1e300, nullptr}),
            "headers.timelimit[0]: expected between 0 and 1e9 seconds");
  EXPECT_EQ(with_header("ignore_result", "no"), "headers.ignore_result: expected true or false");
  EXPECT_EQ(with_header("origin", json::array{}), "headers.origin: expected a string");
  EXPECT_EQ(with_header("x_tessera_max_retries", -2), "x_tessera_max_retries: out of range");
  EXPECT_EQ(with_header("x_tessera_retry_backoff_ms", -2),
            "x_tessera_retry_backoff_ms: must not be negative");
  EXPECT_EQ(with_header("x_tessera_retry_backoff_max_ms", "1s"),
            "x_tessera_retry_backoff_max_ms: expected an integer");
}

TEST(DecodeMessageErrors, ShortensEchoedValues) {
  const std::string error =
      error_after([](auto& e) { headers(e)["id"] = std::string(10000, 'x'); });
  EXPECT_LT(error.size(), 120u);
}

}  // namespace
}  // namespace tessera::queue
