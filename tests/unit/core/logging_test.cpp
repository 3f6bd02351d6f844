#include "core/logging.hpp"

#include <limits>
#include <sstream>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

namespace tessera::core {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

// 2026-11-25T10:00:00.123Z
const system_clock::time_point when =
    sys_days{year{2026} / 11 / 25} + hours{10} + milliseconds{123} + microseconds{456};

std::string json(std::string_view message, std::initializer_list<LogField> fields = {}) {
  return format_log_line(LogFormat::json, when, LogLevel::info, message,
                         std::span<const LogField>(fields.begin(), fields.size()));
}

std::string text(std::string_view message, std::initializer_list<LogField> fields = {}) {
  return format_log_line(LogFormat::text, when, LogLevel::info, message,
                         std::span<const LogField>(fields.begin(), fields.size()));
}

TEST(LogFormat, TextLine) {
  EXPECT_EQ(text("request", {{"method", "GET"},
                             {"route", "/api/v1/users/{id}"},
                             {"status", 200},
                             {"duration_ms", 1.2},
                             {"cached", false}}),
            "2026-11-25T10:00:00.123Z info  request method=GET route=/api/v1/users/{id} "
            "status=200 duration_ms=1.2 cached=false");
}

TEST(LogFormat, TextLevelsAreAligned) {
  EXPECT_EQ(format_log_line(LogFormat::text, when, LogLevel::debug, "m"),
            "2026-11-25T10:00:00.123Z debug m");
  EXPECT_EQ(format_log_line(LogFormat::text, when, LogLevel::warning, "m"),
            "2026-11-25T10:00:00.123Z warn  m");
  EXPECT_EQ(format_log_line(LogFormat::text, when, LogLevel::error, "m"),
            "2026-11-25T10:00:00.123Z error m");
}

TEST(LogFormat, TextQuotesValuesThatNeedIt) {
  EXPECT_EQ(text("m", {{"a", "two words"}, {"b", ""}, {"c", "x=y"}, {"d", "say \"hi\""}}),
            R"(2026-11-25T10:00:00.123Z info  m a="two words" b="" c="x=y" d="say \"hi\"")");
  EXPECT_EQ(text("m", {{"e", "caf\xc3\xa9"}}),
            "2026-11-25T10:00:00.123Z info  m e=\"caf\xc3\xa9\"");
}

TEST(LogFormat, TextEscapesNewlinesSoLinesCannotBeForged) {
  const std::string line = text("user said\n2026-01-01T00:00:00.000Z error fake", {{"v", "a\nb"}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_THAT(line, HasSubstr(R"(user said\n2026)"));
  EXPECT_THAT(line, HasSubstr(R"(v="a\nb")"));
}

TEST(LogFormat, TextKeepsQuotesInMessages) {
  EXPECT_EQ(text(R"(bad "x" \ y)"), R"(2026-11-25T10:00:00.123Z info  bad "x" \ y)");
}

TEST(LogFormat, JsonLine) {
  EXPECT_EQ(json("request", {{"method", "GET"},
                             {"status", 200},
                             {"duration_ms", 1.25},
                             {"ok", true},
                             {"big", std::numeric_limits<std::uint64_t>::max()},
                             {"neg", -5}}),
            R"({"ts":"2026-11-25T10:00:00.123Z","level":"info","msg":"request","method":"GET",)"
            R"("status":200,"duration_ms":1.25,"ok":true,"big":18446744073709551615,"neg":-5})");
}

TEST(LogFormat, JsonLevelNames) {
  EXPECT_THAT(format_log_line(LogFormat::json, when, LogLevel::warning, "m"),
              HasSubstr(R"("level":"warn")"));
  EXPECT_THAT(format_log_line(LogFormat::json, when, LogLevel::debug, "m"),
              HasSubstr(R"("level":"debug")"));
  EXPECT_THAT(format_log_line(LogFormat::json, when, LogLevel::error, "m"),
              HasSubstr(R"("level":"error")"));
}

TEST(LogFormat, JsonEscapesStrings) {
  EXPECT_EQ(
      json("q\"b\\n\nt\tr\rz\x01\x1f\x7f"),
      R"({"ts":"2026-11-25T10:00:00.123Z","level":"info","msg":"q\"b\\n\nt\tr\rz\u0001\u001f\u007f"})");
  EXPECT_THAT(json("m", {{"k\"ey", "v\"al"}}), HasSubstr(R"("k\"ey":"v\"al")"));
}

TEST(LogFormat, JsonKeepsValidUtf8AndReplacesInvalid) {
  EXPECT_THAT(json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
              HasSubstr("\"msg\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""));
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_THAT(json("a\xff"
                   "b"),
              HasSubstr("\"msg\":\"a" + replacement + "b\""));
  EXPECT_THAT(json("\xc3"), HasSubstr("\"msg\":\"" + replacement + "\""));  // truncated
  EXPECT_THAT(json("\xc0\xaf"), HasSubstr("\"msg\":\"" + replacement + replacement + "\""));
  EXPECT_THAT(json("\xed\xa0\x80"), HasSubstr("\"msg\":\"" + replacement + replacement +
                                              replacement + "\""));  // surrogate
  EXPECT_THAT(json("\xf4\x90\x80\x80"), HasSubstr("\"msg\":\"" + replacement + replacement +
                                                  replacement + replacement + "\""));
}

TEST(LogFormat, JsonNonFiniteNumbersAreNull) {
  EXPECT_THAT(json("m", {{"x", std::numeric_limits<double>::quiet_NaN()},
                         {"y", std::numeric_limits<double>::infinity()}}),
              HasSubstr(R"("x":null,"y":null)"));
  EXPECT_THAT(text("m", {{"x", std::numeric_limits<double>::infinity()}}), HasSubstr("x=inf"));
}

TEST(LogFormat, TimestampIsUtcWithMilliseconds) {
  const auto epoch = system_clock::time_point{};
  EXPECT_EQ(format_log_line(LogFormat::text, epoch, LogLevel::info, "m"),
            "1970-01-01T00:00:00.000Z info  m");
}

TEST(LogValue, ConvertsCommonTypes) {
  const std::string owned = "owned";
  const LogField fields[] = {{"a", owned},
                             {"b", std::string_view("view")},
                             {"c", 1u},
                             {"d", short{2}},
                             {"e", 3.5f},
                             {"f", std::int64_t{-7}},
                             {"g", std::size_t{8}}};
  EXPECT_EQ(format_log_line(LogFormat::text, when, LogLevel::info, "m", fields),
            "2026-11-25T10:00:00.123Z info  m a=owned b=view c=1 d=2 e=3.5 f=-7 g=8");
}

// Captures what the process logger writes, through an extra sink.
class LoggerCapture {
 public:
  LoggerCapture() {
    init_logging(LogLevel::info, LogFormat::text);  // creates the logger
    logger_ = spdlog::get("tessera");
    saved_sinks_ = logger_->sinks();
    logger_->sinks() = {std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)};
    init_logging(LogLevel::info, LogFormat::text);  // gives the new sink our formatter
  }
  ~LoggerCapture() {
    logger_->sinks() = saved_sinks_;
    init_logging(LogLevel::info, LogFormat::text);
  }
  LoggerCapture(const LoggerCapture&) = delete;
  LoggerCapture& operator=(const LoggerCapture&) = delete;

  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
  std::vector<spdlog::sink_ptr> saved_sinks_;
};

TEST(Logging, WritesJsonEvents) {
  LoggerCapture capture;
  init_logging(LogLevel::info, LogFormat::json);
  log_event(LogLevel::info, "request", {{"method", "GET"}, {"status", 200}});
  const auto lines = capture.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], ::testing::StartsWith(R"({"ts":")"));
  EXPECT_THAT(lines[0], ::testing::EndsWith(
                            R"("level":"info","msg":"request","method":"GET","status":200})"));
}

TEST(Logging, LevelFiltersEvents) {
  LoggerCapture capture;
  init_logging(LogLevel::warning, LogFormat::text);
  EXPECT_FALSE(log_enabled(LogLevel::info));
  EXPECT_TRUE(log_enabled(LogLevel::error));
  log_debug("no");
  log_info("no");
  log_warning("yes", {{"n", 1}});
  log_error("also");
  const auto lines = capture.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], ::testing::EndsWith(" warn  yes n=1"));
  EXPECT_THAT(lines[1], ::testing::EndsWith(" error also"));
}

TEST(Logging, BracesInMessagesAreNotFormatted) {
  LoggerCapture capture;
  log_info("route /users/{id} {}");
  ASSERT_EQ(capture.lines().size(), 1u);
  EXPECT_THAT(capture.lines()[0], ::testing::EndsWith(" info  route /users/{id} {}"));
}

TEST(Logging, DirectSpdlogCallsUseTheSameFormat) {
  LoggerCapture capture;
  init_logging(LogLevel::debug, LogFormat::json);
  spdlog::debug("plain {}", 42);
  ASSERT_EQ(capture.lines().size(), 1u);
  EXPECT_THAT(capture.lines()[0], ::testing::EndsWith(R"("level":"debug","msg":"plain 42"})"));
}

TEST(Logging, ConcurrentEventsKeepTheirOwnFields) {
  LoggerCapture capture;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) log_info("event", {{"thread", t}, {"i", i}});
    });
  for (auto& thread : threads) thread.join();
  const auto lines = capture.lines();
  ASSERT_EQ(lines.size(), 400u);
  for (const auto& line : lines)
    EXPECT_THAT(line, ::testing::MatchesRegex(".* info  event thread=[0-3] i=[0-9]+"));
}

}  // namespace
}  // namespace tessera::core
