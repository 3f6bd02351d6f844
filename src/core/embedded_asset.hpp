#pragma once
// A file compiled into the binary (cmake/EmbedAssets.cmake), with its gzip copy.

#include <cstddef>
#include <string_view>

namespace tessera {

struct EmbeddedAsset {
  std::string_view name;
  std::string_view data;
  std::string_view gzip;
};

}  // namespace tessera
