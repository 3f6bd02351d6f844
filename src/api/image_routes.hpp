#pragma once
// /api/v1/images: API.md's Images table.

#include <cstdint>
#include <string>

namespace tessera::http {
class Router;
}
namespace tessera::services {
class Images;
}
namespace tessera::domain {
struct Image;
}

namespace tessera::api {

// `max_upload_bytes`: MAX_UPLOAD_BYTES, the largest file an upload may carry.
void add_image_routes(http::Router& router, services::Images& images,
                      std::uint64_t max_upload_bytes);

// The ImagePublic JSON of an image, as GET /api/v1/images/{id} answers it (for its events).
std::string image_public_json(const domain::Image& image);

}  // namespace tessera::api
