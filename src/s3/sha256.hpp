#pragma once
// SHA-256 as SigV4 writes it (64 lowercase hexadecimal digits), of a whole buffer or of a body
// given in pieces, so that an upload streamed from disk is hashed without being held whole.

#include <memory>
#include <span>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace tessera::s3 {

// The hash of an empty body, which every bodiless request (GET, HEAD, DELETE) signs.
inline constexpr std::string_view empty_payload_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Bytes as lowercase hexadecimal digits, two a byte.
std::string hex_lower(std::span<const unsigned char> bytes);

// An incremental SHA-256 (OpenSSL's EVP digest). Used by one thread at a time; a moved-from
// hash throws std::logic_error until it is assigned another.
class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256();

  // Adds the next bytes of the message.
  Sha256& update(std::string_view bytes);
  // The digest of every byte given since construction or the last final_hex(); the hash then
  // starts again from an empty message.
  std::string final_hex();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, Free> context_;
};

// The digest of `bytes` in one call.
std::string sha256_hex(std::string_view bytes);

}  // namespace tessera::s3
