#pragma once
// QR codes as SVG, for showing an otpauth:// URI to an authenticator app's camera.

#include <string>
#include <string_view>

namespace tessera::security {

// `text` as a QR code (byte mode, error correction level M, the smallest version that
// fits) in a self-contained SVG document: one unit per module, a 4-module quiet zone, dark
// modules on a white background, no script and no external references. Throws
// std::runtime_error when the text cannot be encoded (empty, or too long for any version).
std::string qr_svg(std::string_view text);

}  // namespace tessera::security
