#pragma once
// A known number of bytes read in chunks, asynchronously: how a response body travels from
// storage to the client without being held whole (a local file now, an S3 object later).
// It lives in core, not http, because storage (media) implements it and http sends it, and
// neither of those layers may include the other.

#include <cstdint>
#include <string_view>

#include <boost/asio/awaitable.hpp>

namespace tessera::core {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // How many bytes next() yields in all; known before the first call.
  virtual std::uint64_t size() const = 0;
  // The next bytes (at most about 64 KiB); empty once size() bytes have been yielded. The
  // view is valid until the next call. Throws when the bytes cannot be read: the source is
  // then broken, and a response that was sending it must close its connection.
  virtual boost::asio::awaitable<std::string_view> next() = 0;
};

}  // namespace tessera::core
