#pragma once

#include "core/ascii.hpp"
#include "core/text.hpp"
// Value syntaxes of settings (settings.hpp): each codec parses a raw string into a typed value
// and shows a value back in a form it accepts. Parsing failures throw InvalidSettingValue,
// whose message describes the problem without naming the setting (the caller adds it).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/secret.hpp"
#include "core/settings.hpp"

namespace tessera::core::settings_detail {

struct InvalidSettingValue : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `raw` in double quotes for a message: non-printable bytes escaped, long values shortened.
std::string quote_for_message(std::string_view raw);

std::int64_t parse_integer(std::string_view raw, std::int64_t min, std::int64_t max);
std::uint64_t parse_size(std::string_view raw, std::uint64_t min, std::uint64_t max);
std::string format_size(std::uint64_t bytes);
std::chrono::milliseconds parse_duration(std::string_view raw, std::chrono::milliseconds min,
                                         std::chrono::milliseconds max);
std::string format_duration(std::chrono::milliseconds value);
std::vector<ImageVariantSpec> parse_image_variants(std::string_view raw);
std::string format_image_variants(const std::vector<ImageVariantSpec>& variants);
std::vector<std::string> parse_origins(std::string_view raw);
std::vector<std::string> parse_queue_names(std::string_view raw);
std::vector<std::string> parse_networks(std::string_view raw);
std::string parse_http_url(std::string_view raw);
bool parse_bool(std::string_view raw);
std::vector<std::string> parse_host_ports(std::string_view raw);

struct TextCodec {
  std::string parse(std::string_view raw) const { return std::string(raw); }
  std::string show(const std::string& value) const { return value; }
};

struct PathCodec {
  std::filesystem::path parse(std::string_view raw) const { return std::filesystem::path(raw); }
  std::string show(const std::filesystem::path& value) const { return value.string(); }
};

struct SecretCodec {
  std::size_t min_size = 0;
  Secret parse(std::string_view raw) const;
  std::string show(const Secret&) const { return std::string(Secret::mask); }
};

struct PortCodec {
  std::uint16_t min = 1;
  std::uint16_t parse(std::string_view raw) const;
  std::string show(std::uint16_t value) const { return std::to_string(value); }
};

// Integers, and chrono durations counted in their own unit (minutes, days, seconds).
template <typename T>
struct IntegerCodec {
  std::int64_t min;
  std::int64_t max;
  T parse(std::string_view raw) const { return T(parse_integer(raw, min, max)); }
  std::string show(const T& value) const {
    if constexpr (requires { value.count(); }) {
      return std::to_string(value.count());
    } else {
      return std::to_string(value);
    }
  }
};

template <typename T>
struct SizeCodec {
  std::uint64_t min;
  std::uint64_t max;
  T parse(std::string_view raw) const { return static_cast<T>(parse_size(raw, min, max)); }
  std::string show(T value) const { return format_size(value); }
};

struct DurationCodec {
  std::chrono::milliseconds min;
  std::chrono::milliseconds max;
  std::chrono::milliseconds parse(std::string_view raw) const {
    return parse_duration(raw, min, max);
  }
  std::string show(std::chrono::milliseconds value) const { return format_duration(value); }
};

// One of a fixed set of names, case-insensitive. Shows the first name listed for a value.
template <typename E>
struct EnumCodec {
  std::span<const std::pair<std::string_view, E>> names;

  E parse(std::string_view raw) const {
    std::vector<std::string> expected;
    for (const auto& [name, value] : names) {
      if (iequals(raw, name)) return value;
      expected.emplace_back(name);
    }
    throw InvalidSettingValue("invalid value " + quote_for_message(raw) + " (expected one of " +
                              join(expected, ", ") + ")");
  }
  std::string show(E value) const {
    for (const auto& [name, candidate] : names)
      if (candidate == value) return std::string(name);
    return {};
  }
};

struct HttpUrlCodec {
  std::string parse(std::string_view raw) const { return parse_http_url(raw); }
  std::string show(const std::string& value) const { return value; }
};

struct OriginListCodec {
  std::vector<std::string> parse(std::string_view raw) const { return parse_origins(raw); }
  std::string show(const std::vector<std::string>& value) const { return join(value, ","); }
};

// Addresses or CIDRs, comma-separated (FORWARDED_ALLOW_IPS).
struct NetworkListCodec {
  std::vector<std::string> parse(std::string_view raw) const { return parse_networks(raw); }
  std::string show(const std::vector<std::string>& value) const { return join(value, ","); }
};

// Redis list names, comma-separated: at least one, without blanks.
struct QueueListCodec {
  std::vector<std::string> parse(std::string_view raw) const { return parse_queue_names(raw); }
  std::string show(const std::vector<std::string>& value) const { return join(value, ","); }
};

// true/false, 1/0, yes/no, on/off (any case).
struct BoolCodec {
  bool parse(std::string_view raw) const { return parse_bool(raw); }
  std::string show(bool value) const { return value ? "true" : "false"; }
};

// host:port, comma-separated (REDIS_SENTINELS).
struct HostPortListCodec {
  std::vector<std::string> parse(std::string_view raw) const { return parse_host_ports(raw); }
  std::string show(const std::vector<std::string>& value) const { return join(value, ","); }
};

struct ImageVariantsCodec {
  std::vector<ImageVariantSpec> parse(std::string_view raw) const {
    return parse_image_variants(raw);
  }
  std::string show(const std::vector<ImageVariantSpec>& value) const {
    return format_image_variants(value);
  }
};

}  // namespace tessera::core::settings_detail
