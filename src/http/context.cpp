#include "http/context.hpp"

#include <charconv>
#include <stdexcept>

namespace tessera::http {

std::string_view Context::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params_)
    if (key == name) return value;
  throw std::logic_error("no path parameter named " + std::string(name));
}

core::Uuid Context::uuid_param(std::string_view name) const {
  if (auto id = core::Uuid::parse(path_param(name))) return *id;
  throw std::logic_error("path parameter is not a UUID: " + std::string(name));
}

long long Context::int_param(std::string_view name) const {
  const auto text = path_param(name);
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw std::logic_error("path parameter is not an integer: " + std::string(name));
  return value;
}

}  // namespace tessera::http
