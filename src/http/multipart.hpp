#pragma once
// A strict, streaming parser of `multipart/form-data` bodies (RFC 7578 over RFC 2046). It
// holds back fewer than boundary + 4 bytes of part data, plus the current part's
// headers, so a body of any size parses in constant memory and in any chunking. Standard
// library only: it is compiled into the fuzz build, which has no Boost.

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tessera::http {

struct MultipartLimits {
  // All header lines of one part together, with their CRLFs, the empty line that ends them
  // and any transport padding on the delimiter line before them.
  std::size_t max_part_header_bytes = 8 * 1024;
  std::size_t max_parts = 16;
};

struct PartHeaders {
  std::string name;                     // from Content-Disposition: form-data; name="..."
  std::optional<std::string> filename;  // filename="..." (may be empty string)
  std::string content_type;             // the part's Content-Type, "" when absent (text/plain)
};

// what() reads like "multipart: part without Content-Disposition".
class MultipartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The boundary parameter of a Content-Type header value `multipart/form-data; boundary=...`
// (quoted or not, case-insensitive type and parameter names); nothing when the type is not
// multipart/form-data or the boundary is missing/invalid per RFC 2046 (1..70 chars of the
// allowed set, not ending in a space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

class MultipartParser {
 public:
  // Empty callbacks are skipped. A callback may throw (e.g. to enforce a size limit); the
  // exception leaves feed() and the parser is unusable afterwards.
  struct Callbacks {
    std::function<void(const PartHeaders&)> on_part_begin;
    std::function<void(std::string_view)> on_part_data;  // may be called many times per part
    std::function<void()> on_part_end;
  };

  // Throws std::invalid_argument when `boundary` is not a valid RFC 2046 boundary.
  MultipartParser(std::string boundary, Callbacks callbacks, MultipartLimits limits = {});

  // Feeds the next bytes of the body, in any chunking (1 byte at a time works).
  // Throws MultipartError on malformed input; after a throw the parser is unusable.
  void feed(std::string_view chunk);
  // The body has ended: throws MultipartError unless the closing delimiter was seen.
  void finish();
  // The closing delimiter "--boundary--" has been parsed; the rest is ignored epilogue.
  bool done() const { return state_ == State::done; }

 private:
  enum class State {
    preamble,       // before the first delimiter: discarded
    boundary_tail,  // just after "--boundary": "--", padding or CRLF follows
    close_dash,     // after "--boundary-"
    padding,        // transport padding after "--boundary"
    delimiter_lf,   // after the CR that ends a delimiter line
    headers,        // the header lines of a part
    data,           // the part's data
    done,           // after the close delimiter: the epilogue is discarded
    failed,
  };

  std::string_view scan_for_delimiter(std::string_view chunk);
  std::string_view parse_delimiter_tail(std::string_view chunk);
  std::string_view parse_headers(std::string_view chunk);
  void parse_header_line(std::string_view line);
  void begin_part_data();
  void delimiter_found();
  void emit(std::string_view data);
  void emit_held();

  std::string delimiter_;  // CRLF "--" boundary
  Callbacks callbacks_;
  MultipartLimits limits_;
  State state_ = State::preamble;
  // A prefix of delimiter_ seen at the end of the previous chunk; its first two bytes are an
  // implied CRLF (not data) when held_implied_crlf_ is set.
  std::string held_;
  bool held_implied_crlf_ = false;
  std::size_t parts_ = 0;
  std::size_t header_bytes_ = 0;
  std::string line_;  // the header line being read
  PartHeaders part_;
  bool seen_disposition_ = false;
  bool seen_content_type_ = false;
};

}  // namespace tessera::http
