#pragma once
// The Range request header (RFC 9110 §14.2), for one range of bytes: what part of a body of
// known length a request asks for. Standard library only (the fuzz build has it too).

#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::http {

// Bytes first..last of a body, both included.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;

  std::uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

struct RangeSelection {
  enum class Kind {
    whole,          // no Range, or one we ignore: answer 200 with the whole body
    partial,        // answer 206 with `range`
    unsatisfiable,  // answer 416
  };
  Kind kind = Kind::whole;
  ByteRange range;  // set when partial

  bool operator==(const RangeSelection&) const = default;
};

// What a Range header value asks of a body of `total` bytes. "bytes=a-b", "bytes=a-" and
// "bytes=-n" are partial (b past the end means the end; n past the size, the whole body);
// unsatisfiable when a is at or past the end, or n is 0. Empty, malformed, another unit, or
// several ranges (which would need multipart/byteranges) are ignored: whole, as RFC 9110
// allows. An empty body is always sent whole: it has no byte a range could name.
RangeSelection select_range(std::string_view header, std::uint64_t total);

// "bytes a-b/total", the Content-Range of a 206.
std::string content_range(const ByteRange& range, std::uint64_t total);
// "bytes */total", the Content-Range of a 416.
std::string unsatisfied_content_range(std::uint64_t total);

}  // namespace tessera::http
