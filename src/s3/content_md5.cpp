#include "s3/content_md5.hpp"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>

namespace tessera::s3 {

std::string content_md5(std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(body.data(), body.size(), digest.data(), &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("OpenSSL: cannot compute an MD5 digest");
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> encoded{};
  const int written = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(length));
  return std::string(reinterpret_cast<const char*>(encoded.data()),
                     static_cast<std::size_t>(written));
}

}  // namespace tessera::s3
