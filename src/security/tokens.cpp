#include "security/tokens.hpp"

#include <array>

#include <sodium.h>

#include "security/sodium.hpp"

namespace tessera::security {
namespace {

constexpr std::size_t token_bytes = 32;
constexpr int token_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

std::string random_token() {
  ensure_sodium();
  std::array<unsigned char, token_bytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(token_bytes, token_variant)> text;  // with '\0'
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), token_variant);
  sodium_memzero(bytes.data(), bytes.size());
  std::string token(text.data());
  sodium_memzero(text.data(), text.size());
  return token;
}

std::string token_digest(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  // An empty view may have a null data(), which crypto_hash_sha256 must not get.
  static constexpr unsigned char nothing = 0;
  const auto* in = token.empty() ? &nothing : reinterpret_cast<const unsigned char*>(token.data());
  crypto_hash_sha256(digest.data(), in, token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex;
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());  // lowercase
  return std::string(hex.data(), hex.size() - 1);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tessera::security
