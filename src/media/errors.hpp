#pragma once
// The two ways image work fails: the caller retries the second, never the first.

#include <stdexcept>
#include <string>
#include <utility>

namespace tessera::media {

// The file is not a usable image: not JPEG, PNG, WebP or GIF, an unreadable header, or
// corrupt or truncated pixel data. Permanent: retrying cannot help. what() is one sentence
// fit to show the image's owner; detail() is libvips' own text (it may name server paths),
// for logs only.
class CorruptImageError : public std::runtime_error {
 public:
  explicit CorruptImageError(const std::string& message, std::string detail = {})
      : std::runtime_error(message), detail_(std::move(detail)) {}

  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string detail_;
};

// Image processing failed for another reason (memory, the encoder, a missing original):
// it may work when retried. what() may name server paths: for logs, not for users.
class ImageProcessingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tessera::media
