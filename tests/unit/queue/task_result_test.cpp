#include "queue/task_result.hpp"

#include <limits>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "decode_error.hpp"

namespace tessera::queue {
namespace {

namespace json = boost::json;

const core::Uuid kId = *core::Uuid::parse("0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01");
const core::Timestamp kDone = *core::parse_rfc3339("2026-11-25T10:00:00.123456Z");

std::string error_of(std::string_view text) {
  return decode_error(decode_result, text);
}

TEST(TaskState, HasCeleryNames) {
  for (const TaskState state : {TaskState::PENDING, TaskState::STARTED, TaskState::RETRY,
                                TaskState::SUCCESS, TaskState::FAILURE})
    EXPECT_EQ(parse_state(state_name(state)), state);
  EXPECT_EQ(state_name(TaskState::SUCCESS), "SUCCESS");
  EXPECT_FALSE(parse_state("REVOKED"));
  EXPECT_FALSE(parse_state("success"));
  EXPECT_TRUE(is_ready(TaskState::SUCCESS) && is_ready(TaskState::FAILURE));
  EXPECT_FALSE(is_ready(TaskState::RETRY) || is_ready(TaskState::STARTED));
}

TEST(TaskResult, KeyIsCeleryS) {
  EXPECT_EQ(result_key(kId), "celery-task-meta-0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01");
}

TEST(TaskResult, WritesSuccessLikeCelery) {
  const std::string text = encode_result(success_result(kId, json::array{1, 2}, kDone));
  EXPECT_EQ(text, R"({"status":"SUCCESS","result":[1,2],"traceback":null,"children":[],)"
                  R"("date_done":"2026-11-25T10:00:00.123456+00:00",)"
                  R"("task_id":"0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  EXPECT_EQ(decode_result(text), success_result(kId, json::array{1, 2}, kDone));
}

TEST(TaskResult, WritesFailureLikeCelery) {
  const TaskResult failure = failure_result(
      kId, TaskError{.type = "ValueError", .message = "bad size"}, "Traceback ...", kDone);
  const json::value meta = json::parse(encode_result(failure));
  EXPECT_EQ(meta.at("status"), "FAILURE");
  EXPECT_EQ(meta.at("result"), json::parse(R"({"exc_type": "ValueError",
      "exc_message": ["bad size"], "exc_module": "builtins"})"));
  EXPECT_EQ(meta.at("traceback"), "Traceback ...");
  EXPECT_EQ(decode_result(encode_result(failure)), failure);
}

TEST(TaskResult, WritesRetryAndStartedLikeCelery) {
  const TaskResult retry = retry_result(kId, "Retry in 4s", "Traceback ...");
  const json::value meta = json::parse(encode_result(retry));
  EXPECT_EQ(meta.at("status"), "RETRY");
  EXPECT_EQ(meta.at("result").at("exc_type"), "Retry");
  EXPECT_EQ(meta.at("result").at("exc_module"), "celery.exceptions");
  EXPECT_TRUE(meta.at("date_done").is_null());
  EXPECT_EQ(decode_result(encode_result(retry)), retry);

  const TaskResult started = started_result(kId, "celery@host", 4242);
  const json::value started_meta = json::parse(encode_result(started));
  EXPECT_EQ(started_meta.at("result"), json::parse(R"({"pid": 4242, "hostname": "celery@host"})"));
  EXPECT_TRUE(started_meta.at("traceback").is_null());
  EXPECT_EQ(decode_result(encode_result(started)), started);
}

TEST(TaskResult, ReadsWhatCeleryWrites) {
  // Celery 5 with result_extended, Python's json.dumps separators.
  const TaskResult success = decode_result(
      R"({"status": "SUCCESS", "result": {"ok": true}, "traceback": null, "children": [],
          "date_done": "2026-11-25T11:00:00.5+01:00", "name": "tessera.echo", "args": [],
          "kwargs": {}, "worker": "celery@h", "retries": 1, "queue": "celery",
          "task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  EXPECT_EQ(success.state, TaskState::SUCCESS);
  EXPECT_EQ(success.result, (json::object{{"ok", true}}));
  EXPECT_EQ(success.date_done, *core::parse_rfc3339("2026-11-25T10:00:00.5Z"));
  EXPECT_EQ(success.retries, 1);
  EXPECT_FALSE(success.error);

  // Celery 4: a naive date, an exception with several args.
  const TaskResult failure = decode_result(
      R"({"status": "FAILURE", "result": {"exc_type": "KeyError", "exc_message": ["a", 2],
          "exc_module": "builtins"}, "traceback": "Traceback (most recent call last): ...",
          "children": [], "date_done": "2026-11-25T10:00:00.123456",
          "task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  ASSERT_TRUE(failure.error);
  EXPECT_EQ(*failure.error, (TaskError{.type = "KeyError", .message = "a, 2"}));
  EXPECT_EQ(failure.date_done, kDone);
  EXPECT_EQ(failure.traceback, "Traceback (most recent call last): ...");

  // What the backend reports for an unknown id.
  const TaskResult pending = decode_result(
      R"({"status": "PENDING", "result": null, "task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  EXPECT_EQ(pending.state, TaskState::PENDING);
  EXPECT_TRUE(pending.result.is_null());
  EXPECT_FALSE(pending.date_done || pending.traceback || pending.error);
}

TEST(TaskResult, KeepsAFailureThatIsNotAnException) {
  const TaskResult r = decode_result(
      R"({"status": "FAILURE", "result": "boom", "task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.result, "boom");
  const TaskResult s = decode_result(
      R"({"status": "FAILURE", "result": {"exc_type": "E", "exc_message": "text"},
          "task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01"})");
  EXPECT_EQ(s.error, (TaskError{.type = "E", .message = "text", .module = ""}));
}

TEST(TaskResult, RejectsGarbage) {
  const std::string id = R"("task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01")";
  EXPECT_NE(error_of("nope").find("result record: not valid JSON"), std::string::npos);
  EXPECT_EQ(error_of("[1]"), "result record: expected a JSON object");
  EXPECT_EQ(error_of("{" + id + "}"), "status: missing");
  EXPECT_EQ(error_of(R"({"status": 1, )" + id + "}"), "status: expected a string");
  EXPECT_EQ(error_of(R"({"status": "REVOKED", )" + id + "}"),
            "status: unsupported state \"REVOKED\"");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS"})"), "task_id: missing");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "task_id": "abc"})"),
            "task_id: expected a UUID, got \"abc\"");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "traceback": 1, )" + id + "}"),
            "traceback: expected a string");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "date_done": "yesterday", )" + id + "}"),
            "date_done: expected an ISO 8601 date and time, got \"yesterday\"");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "children": {}, )" + id + "}"),
            "children: expected a JSON array");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "retries": -1, )" + id + "}"),
            "retries: out of range");
  EXPECT_EQ(error_of(R"({"status": "FAILURE", "result": {"exc_type": 3}, )" + id + "}"),
            "result.exc_type: expected a string");
  EXPECT_EQ(
      error_of(R"({"status": "RETRY", "result": {"exc_type": "E", "exc_module": []}, )" + id + "}"),
      "result.exc_module: expected a string");
}

// Boost.JSON parses a number too large for a double as an infinity, which encode_result would
// write as `Infinity` (not JSON): such a record is refused where it is read.
TEST(TaskResult, RejectsNumbersTooLargeForADouble) {
  const std::string id = R"("task_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01")";
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "result": [1e400], )" + id + "}"),
            R"(result record: a number is too large for a double at ["result"][0])");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "result": -1e400, )" + id + "}"),
            R"(result record: a number is too large for a double at ["result"])");
  EXPECT_EQ(
      error_of(R"({"status": "FAILURE", "result": {"exc_type": "E", "exc_message": [1e999]}, )" +
               id + "}"),
      R"(result record: a number is too large for a double at ["result"]["exc_message"][0])");
  EXPECT_EQ(error_of(R"({"status": "SUCCESS", "retries": 1e400, )" + id + "}"),
            R"(result record: a number is too large for a double at ["retries"])");
  // The largest finite double is kept and written back.
  const TaskResult r =
      decode_result(R"({"status": "SUCCESS", "result": [1.7976931348623157e308], )" + id + "}");
  EXPECT_EQ(r.result, json::array{std::numeric_limits<double>::max()});
  EXPECT_EQ(decode_result(encode_result(r)).result, r.result);
}

}  // namespace
}  // namespace tessera::queue
