#include "security/qr_svg.hpp"

#include <cstddef>
#include <memory>
#include <stdexcept>

#include <qrencode.h>

namespace tessera::security {
namespace {

constexpr int quiet_zone = 4;  // modules of light margin, as ISO/IEC 18004 requires
// The most bytes any QR code holds (version 40, level L): longer texts need not reach the
// library, whose length is an int.
constexpr std::size_t max_bytes = 2953;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_svg(std::string_view text) {
  // QRcode_encodeData takes a length, so the text needs no terminating NUL.
  const std::unique_ptr<QRcode, QrFree> code(
      text.empty() || text.size() > max_bytes
          ? nullptr
          : QRcode_encodeData(static_cast<int>(text.size()),
                              reinterpret_cast<const unsigned char*>(text.data()), 0,
                              QR_ECLEVEL_M));
  if (!code) throw std::runtime_error("qr_svg: the text cannot be encoded as a QR code");

  const int width = code->width;
  const std::string size = std::to_string(width + 2 * quiet_zone);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + ' ' + size +
                    "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>";
  svg += "<path fill=\"#000\" d=\"";
  // Each row's runs of dark modules as one rectangle each: far shorter than one per module.
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width;) {
      if ((row[x] & 1) == 0) {  // bit 0 is the module's colour; the others are libqrencode's
        ++x;
        continue;
      }
      const int start = x;
      while (x < width && (row[x] & 1) != 0) ++x;
      svg += 'M' + std::to_string(start + quiet_zone) + ' ' + std::to_string(y + quiet_zone) + 'h' +
             std::to_string(x - start) + "v1h-" + std::to_string(x - start) + 'z';
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace tessera::security
