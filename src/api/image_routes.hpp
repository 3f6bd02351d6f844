#pragma once
// /api/v1/images: API.md's Images table.

#include <cstdint>

namespace tessera::http {
class Router;
}
namespace tessera::services {
class Images;
}

namespace tessera::api {

// `max_upload_bytes`: MAX_UPLOAD_BYTES, the largest file an upload may carry.
void add_image_routes(http::Router& router, services::Images& images,
                      std::uint64_t max_upload_bytes);

}  // namespace tessera::api
