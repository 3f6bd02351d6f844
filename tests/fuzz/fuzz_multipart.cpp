// Feeds arbitrary multipart bodies to the streaming parser. The input is
//   <boundary> '\n' <chunking seed byte> <body>
// The body is parsed whole, in irregular chunks derived from the seed byte, and one byte at a
// time: the three must deliver the same parts and fail with the same error, a data callback
// must only see bytes of the current chunk or the few held back from the previous one, and no
// more than boundary + 3 bytes of a part's data may be held back at any time.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.hpp"

namespace {

using namespace tessera::http;

constexpr MultipartLimits kLimits{.max_part_header_bytes = 512, .max_parts = 8};

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string data;
  bool ended = false;
  bool operator==(const Part&) const = default;
};

struct Outcome {
  std::vector<Part> parts;
  std::string error;  // empty when the body parsed and finished
  bool operator==(const Outcome&) const = default;
};

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Chunk sizes from a xorshift generator: small (0..65 bytes) or, with the seed's high bit,
// up to 1 KiB. A zero-sized feed is always followed by a non-empty one.
class Chunker {
 public:
  explicit Chunker(std::uint8_t seed)
      : state_(0x9e3779b9u ^ (seed * 2654435761u)), limit_(seed & 0x80 ? 1024 : 2 + (seed & 63)) {}
  std::size_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    std::size_t size = state_ % limit_;
    if (size == 0 && last_was_empty_) size = 1;
    last_was_empty_ = size == 0;
    return size;
  }

 private:
  std::uint32_t state_;
  std::size_t limit_;
  bool last_was_empty_ = false;
};

// Parses `body` in the chunk sizes that `next_size` returns (npos: the rest).
template <typename NextSize>
Outcome parse(const std::string& boundary, std::string_view body, NextSize next_size) {
  Outcome outcome;
  std::string_view chunk;           // what feed() is reading
  std::size_t fed = 0;              // body bytes fed before the current chunk
  std::size_t part_data_start = 0;  // upper bound of the body offset where the data began
  std::size_t part_delivered = 0;
  const std::size_t max_held = boundary.size() + 3;
  MultipartParser::Callbacks callbacks{
      .on_part_begin =
          [&](const PartHeaders& h) {
            check(outcome.parts.empty() || outcome.parts.back().ended);
            outcome.parts.push_back(Part{.name = h.name,
                                         .filename = h.filename,
                                         .content_type = h.content_type,
                                         .data = {}});
            part_data_start = fed + chunk.size();
            part_delivered = 0;
          },
      .on_part_data =
          [&](std::string_view data) {
            check(!outcome.parts.empty() && !outcome.parts.back().ended && !data.empty());
            const bool in_chunk = data.data() >= chunk.data() &&
                                  data.data() + data.size() <= chunk.data() + chunk.size();
            check(in_chunk || data.size() <= max_held);
            outcome.parts.back().data.append(data);
            part_delivered += data.size();
          },
      .on_part_end =
          [&] {
            check(!outcome.parts.empty() && !outcome.parts.back().ended);
            outcome.parts.back().ended = true;
          },
  };
  MultipartParser parser(boundary, callbacks, kLimits);
  try {
    while (fed < body.size()) {
      chunk = body.substr(fed, next_size());
      parser.feed(chunk);
      fed += chunk.size();
      if (!outcome.parts.empty() && !outcome.parts.back().ended) {
        // What was fed since the part's data began, minus what was delivered, is held back.
        check(part_delivered + max_held >= fed - part_data_start);
      }
    }
    chunk = {};
    parser.finish();
    check(parser.done());
  } catch (const MultipartError& e) {
    outcome.error = e.what();
    check(outcome.error.starts_with("multipart: "));
    check(!parser.done() || outcome.error.empty());
  }
  std::size_t delivered = 0;
  for (const auto& part : outcome.parts) delivered += part.data.size();
  check(delivered <= body.size());
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos || newline + 1 >= input.size()) return 0;
  const std::string boundary(input.substr(0, newline));
  const auto seed = static_cast<std::uint8_t>(input[newline + 1]);
  const auto body = input.substr(newline + 2);

  // The first line read as a Content-Type value: a boundary found must suit the parser.
  if (const auto found = multipart_boundary(boundary)) {
    try {
      MultipartParser parser(*found, {});
    } catch (const std::invalid_argument&) {
      __builtin_trap();
    }
  }
  try {
    MultipartParser parser(boundary, {});
  } catch (const std::invalid_argument&) {
    return 0;
  }

  const Outcome whole = parse(boundary, body, [] { return std::string_view::npos; });
  Chunker chunker(seed);
  check(parse(boundary, body, [&] { return chunker.next(); }) == whole);
  // Byte by byte the held-back bound is checked at every offset; cap the cost on big inputs.
  if (body.size() <= 4096) check(parse(boundary, body, [] { return std::size_t{1}; }) == whole);
  return 0;
}
