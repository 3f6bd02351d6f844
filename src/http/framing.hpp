#pragma once
// How a request's body is delimited (RFC 9112 §6), checked once its header is read and
// before any of its body is: a request that two parsers could read differently is refused,
// never guessed at, so that no body can pass for a second request (request smuggling).

#include <optional>
#include <string_view>

#include "http/request.hpp"

namespace tessera::http {

// Why a request's framing is refused: the status to answer, after which the connection
// closes (its next bytes cannot be told apart from a body).
struct FramingRefusal {
  int status;
  std::string_view detail;
};

// None when the body is delimited unambiguously: no Transfer-Encoding, or one on HTTP/1.1
// without Content-Length whose codings end with a single "chunked". Otherwise:
// - 400 for Transfer-Encoding on HTTP/1.0, Transfer-Encoding together with Content-Length
//   (RFC 9112 §6.1 lets a server refuse it; we do, since only refusing leaves no doubt
//   about where the next request starts), codings that do not end in "chunked", or
//   "chunked" more than once;
// - 501 for codings before "chunked" (gzip, ...): we decode none of them (RFC 9112 §6.1).
std::optional<FramingRefusal> check_framing(const Request& request);

}  // namespace tessera::http
