#pragma once
// An uploaded image, its processing state and its variants.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domain/image_variant.hpp"

namespace tessera::domain {

// pending (stored, task queued) -> processing (a worker has it) -> ready | failed.
enum class ImageStatus { pending, processing, ready, failed };
BOOST_DESCRIBE_ENUM(ImageStatus, pending, processing, ready, failed)

std::string_view to_string(ImageStatus status);
std::optional<ImageStatus> parse_image_status(std::string_view text);

struct Image {
  core::Uuid id;
  core::Uuid owner_id;
  std::string original_filename;  // as the client named it; shown, never used as a path
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::int32_t width = 0;
  std::int32_t height = 0;
  ImageStatus status = ImageStatus::pending;
  std::optional<std::string> error;  // why processing failed, readable by the owner
  std::string storage_key;           // the server-generated name of the stored original
  std::optional<core::Uuid> task_id;
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
  std::vector<ImageVariant> variants;
};
// The description lists the members that are one row of a table; `variants` are rows of
// their own, loaded beside the image.
BOOST_DESCRIBE_STRUCT(Image, (),
                      (id, owner_id, original_filename, content_type, size_bytes, width, height,
                       status, error, storage_key, task_id, created_at, updated_at))

// A change to an image's row (its variants are rows of their own).
struct ImagePatch {
  std::optional<ImageStatus> status;
  std::optional<std::optional<std::string>> error;
};
BOOST_DESCRIBE_STRUCT(ImagePatch, (), (status, error))

}  // namespace tessera::domain
