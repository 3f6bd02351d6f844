#pragma once
// The headers every response carries, whatever produced it (a route, an error, a refusal
// before routing, a stream, HEAD, 304): API.md, Auth.

#include <string_view>

#include "http/request.hpp"

namespace tessera::http {

// HTML pages run only scripts, styles and fonts of our own origin (no inline script, no
// eval), talk only to it, and may not be framed. Swagger UI (/docs) works under it: its
// stylesheet's icons are data: images.
inline constexpr std::string_view html_content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// X-Content-Type-Options: nosniff on every response; on text/html ones also
// html_content_security_policy and X-Frame-Options: DENY, unless the route set its own.
void add_security_headers(Response& response);

}  // namespace tessera::http
