#include "queue/task_message.hpp"

#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "queue/base64.hpp"

#include "celery_samples.hpp"

namespace tessera::queue {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

core::Timestamp at(std::string_view text) {
  return *core::parse_rfc3339(text);
}
core::Uuid uuid(std::string_view text) {
  return *core::Uuid::parse(text);
}

TEST(DecodeMessage, ReadsWhatCeleryWrites) {
  const TaskMessage m = decode_message(samples::kCeleryMessage);
  EXPECT_EQ(m.name, "tessera.echo");
  EXPECT_EQ(m.id, uuid("0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"));
  EXPECT_EQ(m.root_id, uuid("7c1e4d2a-9b3f-4e5d-8a6b-1c2d3e4f5a6b"));
  EXPECT_EQ(m.parent_id, uuid("2f4a6c8e-1b3d-4f5a-9c7e-0a1b2c3d4e5f"));
  EXPECT_EQ(m.args, (json::array{2, 3}));
  EXPECT_EQ(m.kwargs, (json::object{{"scale", 1.5}, {"name", "x'y"}}));
  EXPECT_TRUE(m.embed.empty());
  EXPECT_EQ(m.eta, at("2026-11-25T10:00:00.25Z"));   // +01:00 offset
  EXPECT_EQ(m.expires, at("2026-11-26T10:00:00Z"));  // naive: UTC
  EXPECT_EQ(m.retries, 2);
  EXPECT_EQ(m.time_limit, milliseconds(30000));
  EXPECT_EQ(m.soft_time_limit, milliseconds(12500));
  EXPECT_EQ(m.queue, "images");
  EXPECT_EQ(m.origin, "gen1234@laptop");
  EXPECT_EQ(m.reply_to, "d3f0a9b8-7c6e-4d5c-8b4a-3f2e1d0c9b8a");
  EXPECT_FALSE(m.ignore_result);
  EXPECT_FALSE(m.max_retries);
}

TEST(DecodeMessage, FillsDefaultsForAMinimalMessage) {
  const TaskMessage m = decode_message(samples::kMinimalMessage);
  EXPECT_EQ(m.root_id, m.id);
  EXPECT_EQ(m.queue, "celery");
  EXPECT_EQ(m.retries, 0);
  EXPECT_FALSE(m.eta || m.expires || m.time_limit || m.soft_time_limit || m.parent_id);
  EXPECT_TRUE(m.args.empty() && m.kwargs.empty());
}

TEST(DecodeMessage, KeepsAWorkflowEmbed) {
  // base64 of [[1, {"a": [true, null]}], {"k": "v"}, {"chain": [{"task": "next"}]}]
  json::object envelope = json::parse(samples::kMinimalMessage).as_object();
  envelope["body"] =
      "W1sxLCB7ImEiOiBbdHJ1ZSwgbnVsbF19XSwgeyJrIjogInYifSwgeyJjaGFpbiI6IFt7InRhc2siOiAibmV4dCJ9XX1"
      "d";
  const TaskMessage m = decode_message(json::serialize(envelope));
  EXPECT_EQ(m.embed, (json::object{{"chain", json::array{json::object{{"task", "next"}}}}}));
  EXPECT_EQ(decode_message(encode_message(m)).embed, m.embed);
}

TEST(EncodeMessage, FillsOriginAndReplyToWhenEmpty) {
  const TaskMessage m = decode_message(encode_message(make_message("t")));
  EXPECT_EQ(m.origin, default_origin());
  EXPECT_TRUE(core::Uuid::parse(m.reply_to));
}

TEST(EncodeMessage, WritesCeleryEnvelope) {
  TaskMessage m = make_message("tessera.echo", json::array{1, 2});
  m.origin = "tessera@host";
  const json::object envelope = json::parse(encode_message(m)).as_object();
  EXPECT_EQ(envelope.at("content-type"), "application/json");
  EXPECT_EQ(envelope.at("content-encoding"), "utf-8");
  const json::object& headers = envelope.at("headers").as_object();
  EXPECT_EQ(headers.at("lang"), "py");
  EXPECT_EQ(headers.at("task"), "tessera.echo");
  EXPECT_EQ(headers.at("id"), json::value(m.id.str()));
  EXPECT_EQ(headers.at("root_id"), json::value(m.id.str()));
  EXPECT_TRUE(headers.at("parent_id").is_null());
  EXPECT_TRUE(headers.at("eta").is_null());
  EXPECT_EQ(headers.at("retries"), 0);
  EXPECT_EQ(headers.at("timelimit"), (json::array{nullptr, nullptr}));
  EXPECT_EQ(headers.at("argsrepr"), "(1, 2)");
  EXPECT_EQ(headers.at("kwargsrepr"), "{}");
  EXPECT_EQ(headers.at("origin"), "tessera@host");
  EXPECT_EQ(headers.at("ignore_result"), false);
  EXPECT_FALSE(headers.contains("x_tessera_max_retries"));
  const json::object& properties = envelope.at("properties").as_object();
  EXPECT_EQ(properties.at("correlation_id"), json::value(m.id.str()));
  EXPECT_EQ(properties.at("body_encoding"), "base64");
  EXPECT_EQ(properties.at("delivery_mode"), 2);
  EXPECT_EQ(properties.at("priority"), 0);
  EXPECT_EQ(properties.at("delivery_info"),
            (json::object{{"exchange", ""}, {"routing_key", "celery"}}));
  EXPECT_TRUE(core::Uuid::parse(properties.at("delivery_tag").as_string()));
  EXPECT_TRUE(core::Uuid::parse(properties.at("reply_to").as_string()));
  const auto body = base64_decode(envelope.at("body").as_string());
  ASSERT_TRUE(body);
  EXPECT_EQ(json::parse(*body),
            json::parse(R"([[1, 2], {}, {"callbacks": null, "errbacks": null, "chain": null,
                            "chord": null}])"));
}

TEST(EncodeMessage, WritesTimesLikePythonIsoformat) {
  TaskMessage m = make_message("t");
  m.eta = at("2026-11-25T10:00:00.123456Z");
  m.expires = at("2026-11-25T11:00:00Z");
  m.time_limit = milliseconds(1500);
  m.soft_time_limit = milliseconds(1000);
  const json::object headers = json::parse(encode_message(m)).at("headers").as_object();
  EXPECT_EQ(headers.at("eta"), "2026-11-25T10:00:00.123456+00:00");
  EXPECT_EQ(headers.at("expires"), "2026-11-25T11:00:00+00:00");
  EXPECT_EQ(headers.at("timelimit"), (json::array{1.5, 1}));
}

TEST(EncodeMessage, RoundTripsEveryField) {
  TaskMessage m = make_message("images.process", json::array{"id", 3, nullptr},
                               json::object{{"sizes", json::array{64, 256}}});
  m.eta = at("2026-11-25T10:00:00.5Z");
  m.expires = at("2026-11-25T12:00:00Z");
  m.retries = 4;
  m.root_id = core::Uuid::random();
  m.parent_id = core::Uuid::random();
  m.queue = "images";
  m.time_limit = milliseconds(60000);
  m.soft_time_limit = milliseconds(45250);
  m.max_retries = 7;
  m.retry_backoff = milliseconds(500);
  m.retry_backoff_max = milliseconds(600000);
  m.ignore_result = true;
  m.origin = "tessera@worker-1";
  m.reply_to = "reply-queue";
  EXPECT_EQ(decode_message(encode_message(m)), m);
}

TEST(EncodeMessage, RoundTripsTheCeleryMessage) {
  const TaskMessage m = decode_message(samples::kCeleryMessage);
  EXPECT_EQ(decode_message(encode_message(m)), m);
}

TEST(EncodeMessage, RoundTripsTheLargestAndSmallestDoubles) {
  // The largest finite double, a subnormal and an underflow to zero are all JSON.
  const std::string body =
      "[[1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 1e-400], {}, null]";
  json::object envelope = json::parse(samples::kMinimalMessage).as_object();
  envelope["body"] = base64_encode(body);
  const TaskMessage m = decode_message(json::serialize(envelope));
  ASSERT_EQ(m.args.size(), 4u);
  EXPECT_EQ(m.args[0].as_double(), std::numeric_limits<double>::max());
  EXPECT_EQ(m.args[1].as_double(), -std::numeric_limits<double>::max());
  EXPECT_EQ(m.args[3].as_double(), 0.0);
  const TaskMessage again = decode_message(encode_message(m));
  EXPECT_EQ(again.args, m.args);
}

TEST(NextRetry, KeepsIdentityAndCountsTheRetry) {
  TaskMessage m = decode_message(samples::kCeleryMessage);
  const core::Timestamp eta = at("2026-11-25T10:05:00Z");
  const TaskMessage retry = next_retry(m, eta);
  EXPECT_EQ(retry.id, m.id);
  EXPECT_EQ(retry.root_id, m.root_id);
  EXPECT_EQ(retry.parent_id, m.parent_id);
  EXPECT_EQ(retry.retries, 3);
  EXPECT_EQ(retry.eta, eta);
  EXPECT_EQ(retry.args, m.args);
  EXPECT_EQ(retry.queue, m.queue);
  m.retries = std::numeric_limits<int>::max();
  EXPECT_EQ(next_retry(m, eta).retries, std::numeric_limits<int>::max());
}

TEST(MakeMessage, StartsAWorkflow) {
  const TaskMessage a = make_message("t");
  const TaskMessage b = make_message("t");
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.root_id, a.id);
  EXPECT_EQ(a.queue, "celery");
  EXPECT_EQ(default_origin().rfind("tessera@", 0), 0u);
}

}  // namespace
}  // namespace tessera::queue
