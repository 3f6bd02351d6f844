#include "core/setting_codecs.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <set>

#include "core/ascii.hpp"
#include "core/ip_network.hpp"
#include "core/text.hpp"

namespace tessera::core::settings_detail {
namespace {

// Splits on ',' and trims each item; empty items are dropped.
std::vector<std::string_view> split_list(std::string_view raw) {
  std::vector<std::string_view> items;
  while (true) {
    const auto comma = raw.find(',');
    if (const auto item = trim(raw.substr(0, comma)); !item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) return items;
    raw.remove_prefix(comma + 1);
  }
}

// Leading decimal digits of `s` as an unsigned number; `rest` gets what follows them.
bool parse_leading_unsigned(std::string_view s, std::uint64_t& value, std::string_view& rest) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data()) return false;
  rest = s.substr(static_cast<std::size_t>(end - s.data()));
  return true;
}

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

// Returns the factor of `suffix` among `units` (case-insensitive), or 0.
std::uint64_t unit_factor(std::span<const Unit> units, std::string_view suffix) {
  for (const auto& unit : units)
    if (iequals(unit.name, suffix)) return unit.factor;
  return 0;
}

constexpr std::array<Unit, 8> size_units{{{"", 1},
                                          {"B", 1},
                                          {"K", 1ull << 10},
                                          {"KiB", 1ull << 10},
                                          {"M", 1ull << 20},
                                          {"MiB", 1ull << 20},
                                          {"G", 1ull << 30},
                                          {"GiB", 1ull << 30}}};

constexpr std::array<Unit, 5> duration_units{
    {{"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};

bool is_variant_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

bool has_http_scheme(std::string_view url) {
  for (const std::string_view scheme : {"http://", "https://"})
    if (url.size() > scheme.size() && iequals(url.substr(0, scheme.size()), scheme)) return true;
  return false;
}

bool contains_blank_or_control(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  return false;
}

}  // namespace

std::string quote_for_message(std::string_view raw) {
  static constexpr std::size_t max_shown = 64;
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < raw.size() && i < max_shown; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0x0f];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (raw.size() > max_shown) out += "...";
  out += '"';
  return out;
}

std::int64_t parse_integer(std::string_view raw, std::int64_t min, std::int64_t max) {
  const auto text = trim(raw);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < min ||
      value > max)
    throw InvalidSettingValue("invalid value " + quote_for_message(raw) +
                              " (expected an integer in " + std::to_string(min) + ".." +
                              std::to_string(max) + ")");
  return value;
}

Secret SecretCodec::parse(std::string_view raw) const {
  if (raw.size() < min_size)
    throw InvalidSettingValue("must be at least " + std::to_string(min_size) + " bytes (got " +
                              std::to_string(raw.size()) + ")");
  return Secret(std::string(raw));
}

std::uint16_t PortCodec::parse(std::string_view raw) const {
  const auto text = trim(raw);
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < min ||
      value > 65535)
    throw InvalidSettingValue("invalid port " + quote_for_message(raw) + " (expected " +
                              std::to_string(min) + "..65535)");
  return static_cast<std::uint16_t>(value);
}

std::uint64_t parse_size(std::string_view raw, std::uint64_t min, std::uint64_t max) {
  std::uint64_t number = 0;
  std::string_view suffix;
  if (!parse_leading_unsigned(trim(raw), number, suffix))
    throw InvalidSettingValue("invalid size " + quote_for_message(raw) +
                              " (expected a number of bytes, optionally with K/KiB, M/MiB or "
                              "G/GiB, e.g. 20MiB)");
  const std::uint64_t factor = unit_factor(size_units, trim(suffix));
  if (factor == 0)
    throw InvalidSettingValue("invalid size " + quote_for_message(raw) +
                              " (units are B, K/KiB, M/MiB, G/GiB, all powers of 1024)");
  if (number > max / factor || number * factor < min)
    throw InvalidSettingValue("size " + quote_for_message(raw) + " out of range (expected " +
                              std::to_string(min) + ".." + std::to_string(max) + " bytes)");
  return number * factor;
}

std::string format_size(std::uint64_t bytes) {
  for (const auto& [suffix, factor] :
       {std::pair{"GiB", 1ull << 30}, std::pair{"MiB", 1ull << 20}, std::pair{"KiB", 1ull << 10}})
    if (bytes != 0 && bytes % factor == 0) return std::to_string(bytes / factor) + suffix;
  return std::to_string(bytes);
}

std::chrono::milliseconds parse_duration(std::string_view raw, std::chrono::milliseconds min,
                                         std::chrono::milliseconds max) {
  std::uint64_t number = 0;
  std::string_view suffix;
  const std::uint64_t factor = parse_leading_unsigned(trim(raw), number, suffix)
                                   ? unit_factor(duration_units, trim(suffix))
                                   : 0;
  if (factor == 0)
    throw InvalidSettingValue("invalid duration " + quote_for_message(raw) +
                              " (expected e.g. 500ms, 10s, 5m, 1h, or a number of seconds)");
  const auto max_ms = static_cast<std::uint64_t>(max.count());
  if (number > max_ms / factor || number * factor < static_cast<std::uint64_t>(min.count()))
    throw InvalidSettingValue("duration " + quote_for_message(raw) + " out of range (expected " +
                              format_duration(min) + ".." + format_duration(max) + ")");
  return std::chrono::milliseconds(static_cast<std::int64_t>(number * factor));
}

std::string format_duration(std::chrono::milliseconds value) {
  const auto ms = value.count();
  if (ms == 0) return "0s";
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::vector<ImageVariantSpec> parse_image_variants(std::string_view raw) {
  std::vector<ImageVariantSpec> variants;
  std::set<std::string_view> seen;
  for (const auto item : split_list(raw)) {
    const auto colon = item.find(':');
    if (colon == std::string_view::npos)
      throw InvalidSettingValue("invalid entry " + quote_for_message(item) +
                                " (expected name:longest_side, e.g. thumb:160)");
    const auto name = trim(item.substr(0, colon));
    if (!is_variant_name(name))
      throw InvalidSettingValue("invalid variant name " + quote_for_message(name) +
                                " (expected 1..32 of a-z, 0-9, '_', '-')");
    if (name == "original")
      throw InvalidSettingValue("variant name \"original\" is reserved for the uploaded file");
    if (!seen.insert(name).second)
      throw InvalidSettingValue("duplicate variant name " + quote_for_message(name));
    const auto side = item.substr(colon + 1);
    int longest_side = 0;
    try {
      longest_side = static_cast<int>(parse_integer(side, 1, 10000));
    } catch (const InvalidSettingValue&) {
      throw InvalidSettingValue("invalid longest side " + quote_for_message(trim(side)) + " for " +
                                quote_for_message(name) + " (expected 1..10000 pixels)");
    }
    variants.push_back({std::string(name), longest_side});
  }
  if (variants.empty()) throw InvalidSettingValue("no variant given (e.g. thumb:160,large:1280)");
  return variants;
}

std::string format_image_variants(const std::vector<ImageVariantSpec>& variants) {
  std::vector<std::string> items;
  items.reserve(variants.size());
  for (const auto& variant : variants)
    items.push_back(variant.name + ":" + std::to_string(variant.longest_side));
  return join(items, ",");
}

std::vector<std::string> parse_origins(std::string_view raw) {
  std::vector<std::string> origins;
  for (auto item : split_list(raw)) {
    if (item != "*") {
      while (item.ends_with('/')) item.remove_suffix(1);
      if (!has_http_scheme(item) || contains_blank_or_control(item))
        throw InvalidSettingValue("invalid origin " + quote_for_message(item) +
                                  " (expected \"*\" or http(s)://host[:port])");
    }
    origins.emplace_back(item);
  }
  return origins;
}

std::vector<std::string> parse_networks(std::string_view raw) {
  std::vector<std::string> networks;
  for (const auto item : split_list(raw)) {
    if (!parse_ip_network(item))
      throw InvalidSettingValue("invalid address or network " + quote_for_message(item) +
                                " (expected e.g. 10.0.0.1, 10.0.0.0/8 or fd00::/8)");
    networks.emplace_back(item);
  }
  return networks;
}

std::vector<std::string> parse_queue_names(std::string_view raw) {
  std::vector<std::string> names;
  for (const auto item : split_list(raw)) {
    if (contains_blank_or_control(item))
      throw InvalidSettingValue("invalid queue name " + quote_for_message(item) +
                                " (expected no blanks or control characters)");
    names.emplace_back(item);
  }
  if (names.empty()) throw InvalidSettingValue("expected at least one queue name");
  return names;
}

std::string parse_http_url(std::string_view raw) {
  auto url = trim(raw);
  while (url.ends_with('/')) url.remove_suffix(1);
  if (!has_http_scheme(url) || contains_blank_or_control(url))
    throw InvalidSettingValue("invalid URL " + quote_for_message(raw) +
                              " (expected one starting with http:// or https://)");
  return std::string(url);
}

bool parse_bool(std::string_view raw) {
  const auto text = trim(raw);
  for (const std::string_view yes : {"true", "1", "yes", "on"})
    if (iequals(text, yes)) return true;
  for (const std::string_view no : {"false", "0", "no", "off"})
    if (iequals(text, no)) return false;
  throw InvalidSettingValue("invalid value " + quote_for_message(raw) +
                            " (expected true or false)");
}

std::vector<std::string> parse_host_ports(std::string_view raw) {
  std::vector<std::string> out;
  for (const auto item : split_list(raw)) {
    const auto colon = item.rfind(':');
    unsigned port = 0;
    const char* end = item.data() + item.size();
    const bool numeric = colon != std::string_view::npos && colon > 0 && colon + 1 < item.size() &&
                         std::from_chars(item.data() + colon + 1, end, port).ptr == end &&
                         port >= 1 && port <= 65535;
    if (!numeric || contains_blank_or_control(item))
      throw InvalidSettingValue("invalid address " + quote_for_message(item) +
                                " (expected host:port)");
    out.emplace_back(item);
  }
  return out;
}

}  // namespace tessera::core::settings_detail
