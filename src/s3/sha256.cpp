#include "s3/sha256.hpp"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>

namespace tessera::s3 {
namespace {

void begin(EVP_MD_CTX* context) {
  if (EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL: cannot start a SHA-256 digest");
}

}  // namespace

std::string hex_lower(std::span<const unsigned char> bytes) {
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0f]);
  }
  return out;
}

void Sha256::Free::operator()(evp_md_ctx_st* context) const noexcept {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw std::runtime_error("OpenSSL: cannot allocate a digest context");
  begin(context_.get());
}

Sha256::Sha256(Sha256&& other) noexcept = default;
Sha256& Sha256::operator=(Sha256&& other) noexcept = default;
Sha256::~Sha256() = default;

Sha256& Sha256::update(std::string_view bytes) {
  if (!context_) throw std::logic_error("Sha256::update on a moved-from hash");
  if (!bytes.empty() && EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("OpenSSL: cannot hash with SHA-256");
  return *this;
}

std::string Sha256::final_hex() {
  if (!context_) throw std::logic_error("Sha256::final_hex on a moved-from hash");
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context_.get(), digest.data(), &size) != 1)
    throw std::runtime_error("OpenSSL: cannot finish a SHA-256 digest");
  begin(context_.get());
  return hex_lower(std::span(digest.data(), size));
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL: cannot hash with SHA-256");
  return hex_lower(std::span(digest.data(), size));
}

}  // namespace tessera::s3
