#pragma once
// Private to media/: owning handles for libvips objects and its error text. Includes
// <vips/vips.h>, so it stays out of the public headers (libvips' flags do not reach users).

#include <memory>
#include <string>

#include <vips/vips.h>

namespace tessera::media::detail {

struct GObjectUnref {
  void operator()(void* object) const noexcept { g_object_unref(object); }
};
using ImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const noexcept { g_free(memory); }
};

// libvips' error buffer as one line, and cleared. The buffer is process-wide: under
// concurrent operations it may hold another thread's messages as well.
inline std::string take_vips_error() {
  std::unique_ptr<char, GFree> text(vips_error_buffer_copy());
  std::string line = text ? text.get() : "";
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  for (char& c : line) {
    if (c == '\n') c = ';';
  }
  return line.empty() ? "libvips gave no reason" : line;
}

}  // namespace tessera::media::detail
