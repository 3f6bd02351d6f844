#include "schema/body.hpp"

#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "core/hex.hpp"
#include "core/utf8.hpp"
#include "schema/error.hpp"

namespace tessera::schema {
namespace {

// Decodes one name or value; nothing when an escape is malformed and `strict`.
std::optional<std::string> unescape(std::string_view text, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      const int hi = i + 1 < text.size() ? core::hex_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? core::hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        if (strict) return std::nullopt;
        out += c;
        continue;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return core::repair_utf8(std::move(out));
}

std::optional<FieldPairs> parse_pairs(std::string_view text, bool strict) {
  FieldPairs pairs;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto segment = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (segment.empty()) continue;
    const auto eq = segment.find('=');
    auto name = unescape(segment.substr(0, eq), strict);
    auto value = eq == std::string_view::npos ? std::optional<std::string>(std::string())
                                              : unescape(segment.substr(eq + 1), strict);
    if (!name || !value) return std::nullopt;
    pairs.emplace_back(std::move(*name), std::move(*value));
  }
  return pairs;
}

}  // namespace

[[noreturn]] void throw_body_error(std::string_view type, std::string_view msg,
                                   std::string_view reason) {
  ErrorItem item;
  item.loc = {std::string("body")};
  item.msg = std::string(msg);
  item.type = std::string(type);
  item.ctx = boost::json::object{{"error", reason}};
  throw ValidationError({std::move(item)});
}

boost::json::value parse_json_body(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::json::error_code ec;
  auto value = boost::json::parse(body, ec, {}, options);
  if (ec) throw_body_error("json_invalid", "JSON decode error", ec.message());
  return value;
}

bool is_blank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

FieldPairs parse_form_body(std::string_view body) {
  auto pairs = parse_pairs(body, true);
  if (!pairs) throw_body_error("form_invalid", "Invalid form data", "malformed percent-escape");
  return std::move(*pairs);
}

namespace detail {
void throw_missing_body() {
  ErrorItem item;
  item.loc = {std::string("body")};
  item.msg = "Field required";
  item.type = "missing";
  item.input = nullptr;
  throw ValidationError({std::move(item)});
}
}  // namespace detail

FieldPairs parse_query_string(std::string_view query) {
  return *parse_pairs(query, false);
}

}  // namespace tessera::schema
