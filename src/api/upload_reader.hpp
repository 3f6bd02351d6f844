#pragma once
// Reads the file part of a multipart/form-data upload as the body arrives, straight into a
// media::PendingFile: the upload is never held in memory whole.

#include <cstdint>
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

// Reads the request's body (a streamed route's) and writes its part named `field` into
// `file`. 415 when the request is not multipart/form-data; 413 when the part exceeds
// `max_bytes`; 422 (loc ["body"], multipart_invalid) when the body is malformed, and
// (loc ["body", field], missing) when it has no such part or a part of that name twice.
boost::asio::awaitable<UploadedFile> read_file_part(http::Context& ctx, media::PendingFile file,
                                                    std::string_view field,
                                                    std::uint64_t max_bytes);

}  // namespace tessera::api
