#include "core/json_numbers.hpp"

#include <cmath>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace tessera::core {
namespace {

bool is_non_finite(const boost::json::value& v) {
  return v.is_double() && !std::isfinite(v.get_double());
}

// An array or object being walked, and the position of the next child to look at.
struct Frame {
  const boost::json::value* container;
  std::size_t next;
};

// At most `max` bytes of `key`, cut at a character boundary, with "..." when cut.
std::string shortened(std::string_view key, std::size_t max) {
  if (key.size() <= max) return std::string(key);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;
  return std::string(key.substr(0, end)) + "...";
}

}  // namespace

std::optional<JsonPath> find_non_finite(const boost::json::value& value) {
  if (is_non_finite(value)) return JsonPath{};
  if (!value.is_array() && !value.is_object()) return std::nullopt;
  std::vector<Frame> stack{{&value, 0}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const boost::json::value* child = nullptr;
    if (const auto* array = top.container->if_array()) {
      if (top.next < array->size()) child = &(*array)[top.next];
    } else {
      const auto& object = top.container->get_object();
      if (top.next < object.size()) child = &(object.begin() + top.next)->value();
    }
    if (child == nullptr) {
      stack.pop_back();
      continue;
    }
    ++top.next;
    if (is_non_finite(*child)) {
      // Every frame's last child taken is a step of the path.
      JsonPath path;
      path.reserve(stack.size());
      for (const Frame& frame : stack) {
        const std::size_t index = frame.next - 1;
        if (frame.container->is_array())
          path.emplace_back(index);
        else
          path.emplace_back(
              std::string_view((frame.container->get_object().begin() + index)->key()));
      }
      return path;
    }
    if (child->is_array() || child->is_object()) stack.push_back({child, 0});
  }
  return std::nullopt;
}

std::string format_json_path(const JsonPath& path) {
  std::string text;
  for (const JsonPathStep& step : path) {
    text += '[';
    if (const auto* index = std::get_if<std::size_t>(&step))
      text += std::to_string(*index);
    else
      text += boost::json::serialize(
          boost::json::string(shortened(std::get<std::string_view>(step), 32)));
    text += ']';
  }
  return text;
}

}  // namespace tessera::core
