#pragma once
// Reads the file part of a multipart/form-data upload as the body arrives, into a
// media::PendingFile: the upload is never held in memory whole, and its bytes are written by
// a thread pool, never by the I/O thread that reads them.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "media/media_storage.hpp"

namespace tessera::http {
class Context;
}

namespace tessera::api {

struct UploadedFile {
  media::PendingFile file;
  std::string filename;  // as the client named it; shown, never used as a path
};

// Appends `bytes` to the file off the calling I/O thread (services::Images::write_upload: on
// the disk pool), and resumes the caller once they are written. `bytes` stays valid until then.
using UploadWriter =
    std::function<boost::asio::awaitable<void>(media::PendingFile&, std::string_view)>;

// The file's bytes are gathered up to this much, then written in one go while the body waits
// (backpressure): an upload holds at most this plus one read of the body in memory.
inline constexpr std::size_t kUploadWriteBatch = 256 * 1024;

// Reads the request's body (a streamed route's) and writes its part named `field` into
// `file` through `write`. 415 when the request is not multipart/form-data; 413 as soon as the
// part exceeds `max_bytes`; 422 (loc ["body"], multipart_invalid) when the body is malformed,
// and (loc ["body", field], missing) when it has no such part or a part of that name twice.
// When it throws (a client gone mid-upload too) `file` is destroyed, removing its temporary.
boost::asio::awaitable<UploadedFile> read_file_part(http::Context& ctx, media::PendingFile file,
                                                    std::string_view field, std::uint64_t max_bytes,
                                                    UploadWriter write);

}  // namespace tessera::api
