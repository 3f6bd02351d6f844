#pragma once
// One resized copy of an image, written by the worker.

#include <cstdint>
#include <string>

#include <boost/describe/class.hpp>

namespace tessera::domain {

struct ImageVariant {
  std::string name;  // "thumb", "medium", "large": a name of IMAGE_VARIANTS
  std::int32_t width = 0;
  std::int32_t height = 0;
  std::string format;  // "webp", "jpeg" or "png"
  std::int64_t size_bytes = 0;
  std::string storage_key;  // where media/ keeps its bytes
};
BOOST_DESCRIBE_STRUCT(ImageVariant, (), (name, width, height, format, size_bytes, storage_key))

}  // namespace tessera::domain
