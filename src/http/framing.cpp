#include "http/framing.hpp"

#include "core/ascii.hpp"
#include "core/text.hpp"

namespace tessera::http {
namespace {

constexpr std::string_view whitespace = " \t";

std::string_view trimmed(std::string_view text) {
  return core::trim(text, whitespace);
}

}  // namespace

std::optional<FramingRefusal> check_framing(const Request& request) {
  bool has_transfer_encoding = false;
  bool has_content_length = false;
  // The codings of every Transfer-Encoding line, in order, as one list (RFC 9110 §5.3).
  int chunked = 0;            // how many codings are "chunked"
  bool last_chunked = false;  // whether the last one is
  bool other = false;         // whether any other coding comes
  for (const auto& [name, value] : request.headers.items()) {
    if (core::iequals(name, "Content-Length")) has_content_length = true;
    if (!core::iequals(name, "Transfer-Encoding")) continue;
    has_transfer_encoding = true;
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      // Empty elements of a list are allowed and ignored (RFC 9110 §5.6.1).
      if (const auto coding = trimmed(rest.substr(0, comma)); !coding.empty()) {
        last_chunked = core::iequals(coding, "chunked");
        if (last_chunked)
          ++chunked;
        else
          other = true;
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (!has_transfer_encoding) return std::nullopt;
  if (request.version < 11)
    return FramingRefusal{400, "Transfer-Encoding is not allowed in HTTP/1.0"};
  if (has_content_length)
    return FramingRefusal{400, "Transfer-Encoding and Content-Length together"};
  if (!last_chunked || chunked != 1)
    return FramingRefusal{400, "Transfer-Encoding must end with a single chunked"};
  if (other) return FramingRefusal{501, "Transfer coding not implemented"};
  return std::nullopt;
}

}  // namespace tessera::http
