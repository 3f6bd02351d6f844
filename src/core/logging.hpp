#pragma once
// Process-wide logging to stderr, one line per event, as text or JSON (LOG_FORMAT).
//
//   text: 2026-11-25T10:00:00.123Z info  request method=GET status=200 duration_ms=1.2
//   json: {"ts":"2026-11-25T10:00:00.123Z","level":"info","msg":"request","method":"GET",...}
//
// Structured fields are passed beside the message so that JSON mode keeps their types.
// Logging before init_logging() uses text format at info level.

#include <chrono>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace tessera::core {

enum class LogLevel { debug, info, warning, error };
enum class LogFormat { text, json };

// "debug", "info", "warn", "error" (the names used in log lines).
std::string_view to_string(LogLevel level);
// "text", "json".
std::string_view to_string(LogFormat format);

// A field value. Strings are borrowed: they only need to outlive the logging call.
class LogValue {
 public:
  using Variant = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool>;

  LogValue(std::string_view v) : value_(v) {}
  LogValue(const char* v) : value_(std::string_view(v)) {}
  LogValue(const std::string& v) : value_(std::string_view(v)) {}
  LogValue(bool v) : value_(v) {}
  template <std::signed_integral T>
  LogValue(T v) : value_(static_cast<std::int64_t>(v)) {}
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool>) LogValue(T v) : value_(static_cast<std::uint64_t>(v)) {}
  template <std::floating_point T>
  LogValue(T v) : value_(static_cast<double>(v)) {}

  const Variant& get() const noexcept { return value_; }

 private:
  Variant value_;
};

struct LogField {
  std::string_view key;
  LogValue value;
};

// Replaces the output format and minimum level; safe to call while other threads log.
void init_logging(LogLevel level, LogFormat format);

// Writes out what is buffered (before a process ends without running destructors).
void flush_logs();

// Whether an event at this level would be written; check it before computing costly fields.
bool log_enabled(LogLevel level);

void log_event(LogLevel level, std::string_view message, std::span<const LogField> fields);
inline void log_event(LogLevel level, std::string_view message,
                      std::initializer_list<LogField> fields = {}) {
  log_event(level, message, std::span<const LogField>(fields.begin(), fields.size()));
}

inline void log_debug(std::string_view message, std::initializer_list<LogField> fields = {}) {
  log_event(LogLevel::debug, message, fields);
}
inline void log_info(std::string_view message, std::initializer_list<LogField> fields = {}) {
  log_event(LogLevel::info, message, fields);
}
inline void log_warning(std::string_view message, std::initializer_list<LogField> fields = {}) {
  log_event(LogLevel::warning, message, fields);
}
inline void log_error(std::string_view message, std::initializer_list<LogField> fields = {}) {
  log_event(LogLevel::error, message, fields);
}

// One complete line without the trailing newline, exactly as the logger writes it.
std::string format_log_line(LogFormat format, std::chrono::system_clock::time_point time,
                            LogLevel level, std::string_view message,
                            std::span<const LogField> fields = {});

}  // namespace tessera::core
