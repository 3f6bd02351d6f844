#include "http/security_headers.hpp"

#include <string>

#include "core/ascii.hpp"

namespace tessera::http {
namespace {

bool is_html(std::string_view content_type) {
  const auto start = content_type.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  const auto type = content_type.substr(start, content_type.find_first_of("; \t", start) - start);
  return core::iequals(type, "text/html");
}

}  // namespace

void add_security_headers(Response& response) {
  response.headers.set("X-Content-Type-Options", "nosniff");
  if (!is_html(response.headers.get("Content-Type"))) return;
  if (!response.headers.contains("Content-Security-Policy"))
    response.headers.set("Content-Security-Policy", std::string(html_content_security_policy));
  if (!response.headers.contains("X-Frame-Options"))
    response.headers.set("X-Frame-Options", "DENY");
}

}  // namespace tessera::http
