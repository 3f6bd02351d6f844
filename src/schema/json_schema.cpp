#include "schema/json_schema.hpp"

#include <cctype>

namespace tessera::schema::detail {
namespace {

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

}  // namespace

std::string component_name_from_type(std::string_view demangled) {
  static constexpr std::string_view anonymous = "(anonymous namespace)::";
  std::string unqualified;
  for (std::size_t i = 0; i < demangled.size(); ++i) {
    if (demangled.substr(i, anonymous.size()) == anonymous) {
      i += anonymous.size() - 1;
    } else if (demangled.substr(i, 2) == "::") {
      // "ns::" qualifies what follows: drop the qualifier already copied.
      while (!unqualified.empty() && is_identifier_char(unqualified.back())) unqualified.pop_back();
      ++i;
    } else {
      unqualified += demangled[i];
    }
  }
  // OpenAPI component names are [A-Za-z0-9._-]+.
  std::string out;
  for (char c : unqualified) {
    if (c == ' ') continue;
    out += (is_identifier_char(c) || c == '.' || c == '-') ? c : '_';
  }
  return out.empty() ? "Model" : out;
}

std::string title_from_name(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (c == '_') {
      out += ' ';
      start = true;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    out += static_cast<char>(start ? std::toupper(u) : std::tolower(u));
    start = !std::isalpha(u);
  }
  return out;
}

}  // namespace tessera::schema::detail
