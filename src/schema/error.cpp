#include "schema/error.hpp"

#include <cctype>

#include <boost/json/serialize.hpp>

namespace tessera::schema {
namespace {

bool contains_password(std::string_view text) {
  static constexpr std::string_view needle = "password";
  if (text.size() < needle.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j)
      match = std::tolower(static_cast<unsigned char>(text[i + j])) == needle[j];
    if (match) return true;
  }
  return false;
}

boost::json::array loc_to_json(const Loc& loc) {
  boost::json::array out;
  out.reserve(loc.size());
  for (const auto& part : loc) {
    if (const auto* name = std::get_if<std::string>(&part))
      out.emplace_back(*name);
    else
      out.emplace_back(static_cast<std::uint64_t>(std::get<std::size_t>(part)));
  }
  return out;
}

std::string loc_to_text(const Loc& loc) {
  std::string out;
  for (const auto& part : loc) {
    if (!out.empty()) out += '.';
    if (const auto* name = std::get_if<std::string>(&part))
      out += *name;
    else
      out += std::to_string(std::get<std::size_t>(part));
  }
  return out;
}

std::string summarize(const ErrorList& errors) {
  std::string out = std::to_string(errors.size()) +
                    (errors.size() == 1 ? " validation error" : " validation errors");
  // A few items are enough to recognise the problem in a log line.
  constexpr std::size_t shown = 5;
  for (std::size_t i = 0; i < errors.size() && i < shown; ++i) {
    out += i == 0 ? ": " : "; ";
    out += loc_to_text(errors[i].loc) + ": " + errors[i].msg;
  }
  if (errors.size() > shown) out += "; ...";
  return out;
}

}  // namespace

bool is_sensitive(const Loc& loc) {
  for (const auto& part : loc)
    if (const auto* name = std::get_if<std::string>(&part); name && contains_password(*name))
      return true;
  return false;
}

boost::json::value ErrorItem::to_json() const {
  boost::json::object out;
  out["loc"] = loc_to_json(loc);
  out["msg"] = msg;
  out["type"] = type;
  if (input && !is_sensitive(loc)) out["input"] = *input;
  if (ctx) out["ctx"] = *ctx;
  return out;
}

ErrorItem path_error(std::string_view name, std::string_view value, std::string_view type,
                     std::string_view msg) {
  ErrorItem item;
  item.loc = {std::string("path"), std::string(name)};
  item.msg = std::string(msg);
  item.type = std::string(type);
  item.input = boost::json::value(boost::json::string(value));
  return item;
}

ValidationError::ValidationError(ErrorList errors)
    : errors_(std::move(errors)), summary_(summarize(errors_)) {}

boost::json::value ValidationError::to_json() const {
  boost::json::array detail;
  detail.reserve(errors_.size());
  for (const auto& item : errors_) detail.push_back(item.to_json());
  return boost::json::object{{"detail", std::move(detail)}};
}

std::string ValidationError::to_json_string() const {
  return boost::json::serialize(to_json());
}

}  // namespace tessera::schema
