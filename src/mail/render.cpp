#include "mail/render.hpp"

#include <stdexcept>

namespace tessera::mail {

std::string render(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() * 2);
  while (true) {
    const auto open = text.find("{{");
    out.append(text.substr(0, open));
    if (open == std::string_view::npos) return out;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      throw std::invalid_argument("a template has an unclosed {{ placeholder");
    const std::string_view name = text.substr(open + 2, close - open - 2);
    const auto value = values.find(name);
    if (value == values.end())
      throw std::invalid_argument("a template uses {{" + std::string(name) +
                                  "}}, which has no value");
    out += value->second;
    text.remove_prefix(close + 2);
  }
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace tessera::mail
