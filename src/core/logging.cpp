#include "core/logging.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <memory>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/utf8.hpp"

namespace tessera::core {
namespace {

using Buffer = spdlog::memory_buf_t;

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return spdlog::level::debug;
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warning:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

LogLevel from_spdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return LogLevel::debug;
    case spdlog::level::info:
      return LogLevel::info;
    case spdlog::level::warn:
      return LogLevel::warning;
    default:
      return LogLevel::error;
  }
}

void append(Buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

// "2026-11-25T10:00:00.123Z": fixed width, so that text logs line up.
void append_timestamp(Buffer& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(time);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buf[48];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                              int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()),
                              int(hms.hours().count()), int(hms.minutes().count()),
                              int(hms.seconds().count()), int(hms.subseconds().count()));
  if (n > 0)
    append(out, std::string_view(buf, std::min<std::size_t>(std::size_t(n), sizeof buf - 1)));
}

// Escapes control characters (a newline in a message cannot forge a second log line) and
// replaces malformed UTF-8 with U+FFFD. `json` also escapes '"' and '\\'.
void append_escaped(Buffer& out, std::string_view s, bool json) {
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(s, i);
      if (length == 0) {
        append(out, "\xEF\xBF\xBD");
        ++i;
      } else {
        append(out, s.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '\n':
        append(out, "\\n");
        continue;
      case '\r':
        append(out, "\\r");
        continue;
      case '\t':
        append(out, "\\t");
        continue;
      case '"':
      case '\\':
        if (json) out.push_back('\\');
        out.push_back(static_cast<char>(c));
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      append(out, "\\u00");
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0f]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

void append_json_string(Buffer& out, std::string_view s) {
  out.push_back('"');
  append_escaped(out, s, true);
  out.push_back('"');
}

// logfmt style: bare when the value is plain ASCII without spaces, quotes or '=', else quoted.
void append_text_string(Buffer& out, std::string_view s) {
  bool bare = !s.empty();
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '=' || c == '\\') bare = false;
  }
  if (bare) {
    append(out, s);
  } else {
    append_json_string(out, s);
  }
}

void append_value(Buffer& out, const LogValue& value, LogFormat format) {
  const auto back = std::back_inserter(out);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (format == LogFormat::json) {
            append_json_string(out, v);
          } else {
            append_text_string(out, v);
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          append(out, v ? "true" : "false");
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v)) {
            fmt::format_to(back, "{}", v);
          } else {
            append(out, format == LogFormat::json ? "null" : (std::isnan(v) ? "nan" : "inf"));
          }
        } else {
          fmt::format_to(back, "{}", v);
        }
      },
      value.get());
}

void write_line(Buffer& out, LogFormat format, std::chrono::system_clock::time_point time,
                LogLevel level, std::string_view message, std::span<const LogField> fields) {
  if (format == LogFormat::json) {
    append(out, "{\"ts\":\"");
    append_timestamp(out, time);
    append(out, "\",\"level\":\"");
    append(out, to_string(level));
    append(out, "\",\"msg\":");
    append_json_string(out, message);
    for (const auto& field : fields) {
      out.push_back(',');
      append_json_string(out, field.key);
      out.push_back(':');
      append_value(out, field.value, format);
    }
    out.push_back('}');
    return;
  }
  append_timestamp(out, time);
  out.push_back(' ');
  const std::string_view name = to_string(level);
  append(out, name);
  for (std::size_t i = name.size(); i < 6; ++i) out.push_back(' ');
  append_escaped(out, message, false);
  for (const auto& field : fields) {
    out.push_back(' ');
    append_escaped(out, field.key, false);
    out.push_back('=');
    append_value(out, field.value, format);
  }
}

// The logger is synchronous, so the formatter runs on the thread that called log_event;
// the fields travel to it through this variable instead of being copied into the message.
thread_local std::span<const LogField> current_fields;

class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(LogFormat format) : format_(format) {}

  void format(const spdlog::details::log_msg& msg, Buffer& dest) override {
    write_line(dest, format_, msg.time, from_spdlog(msg.level),
               std::string_view(msg.payload.data(), msg.payload.size()), current_fields);
    dest.push_back('\n');
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

 private:
  LogFormat format_;
};

// Created on first use so that logging works before init_logging(); registered as spdlog's
// default logger so that direct spdlog calls get the same format.
spdlog::logger& logger() {
  static const std::shared_ptr<spdlog::logger> instance = [] {
    auto created = std::make_shared<spdlog::logger>(
        "tessera", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    created->set_formatter(std::make_unique<LineFormatter>(LogFormat::text));
    created->set_level(spdlog::level::info);
    spdlog::set_default_logger(created);
    return created;
  }();
  return *instance;
}

class FieldsScope {
 public:
  explicit FieldsScope(std::span<const LogField> fields) : saved_(current_fields) {
    current_fields = fields;
  }
  ~FieldsScope() { current_fields = saved_; }
  FieldsScope(const FieldsScope&) = delete;
  FieldsScope& operator=(const FieldsScope&) = delete;

 private:
  std::span<const LogField> saved_;
};

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::string_view to_string(LogFormat format) {
  return format == LogFormat::json ? "json" : "text";
}

void init_logging(LogLevel level, LogFormat format) {
  auto& log = logger();
  log.set_formatter(std::make_unique<LineFormatter>(format));
  log.set_level(to_spdlog(level));
}

void flush_logs() {
  logger().flush();
}

bool log_enabled(LogLevel level) {
  return logger().should_log(to_spdlog(level));
}

void log_event(LogLevel level, std::string_view message, std::span<const LogField> fields) {
  auto& log = logger();
  const auto spd_level = to_spdlog(level);
  if (!log.should_log(spd_level)) return;
  const FieldsScope scope(fields);
  // The message is passed as data, never as a format string.
  log.log(spd_level, spdlog::string_view_t(message.data(), message.size()));
}

std::string format_log_line(LogFormat format, std::chrono::system_clock::time_point time,
                            LogLevel level, std::string_view message,
                            std::span<const LogField> fields) {
  Buffer out;
  write_line(out, format, time, level, message, fields);
  return std::string(out.data(), out.size());
}

}  // namespace tessera::core
