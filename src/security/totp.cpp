#include "security/totp.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace tessera::security {
namespace {

constexpr std::string_view base32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::int64_t step_seconds = 30;
constexpr int code_digits = 6;
constexpr std::size_t secret_bytes = 20;

// The value of a base32 digit in either case, or -1.
int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Wipes a decoded secret however the scope ends.
struct Wiped {
  std::vector<unsigned char>& bytes;
  ~Wiped() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

std::array<char, code_digits> code_text(int code) {
  std::array<char, code_digits> text;
  for (auto it = text.rbegin(); it != text.rend(); ++it) {
    *it = static_cast<char>('0' + code % 10);
    code /= 10;
  }
  return text;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr std::string_view hex = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0f]);
    }
  }
}

}  // namespace

std::string base32_encode(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;  // the `bits` low bits not yet written
  int bits = 0;
  for (const unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(base32_alphabet[(buffer >> bits) & 0x1f]);
    }
    buffer &= (1u << bits) - 1;
  }
  if (bits > 0) out.push_back(base32_alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

std::optional<std::vector<unsigned char>> base32_decode(std::string_view text) {
  std::vector<unsigned char> out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t digits = 0;
  for (const char c : text) {
    if (c == ' ' || c == '=') continue;
    const int value = base32_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    ++digits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  // 8 digits carry 5 bytes; a last group of 1, 3 or 6 digits holds no whole byte's worth.
  const std::size_t tail = digits % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  return out;
}

std::string new_totp_secret() {
  std::array<unsigned char, secret_bytes> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("OpenSSL: the CSPRNG failed");
  std::string secret = base32_encode(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return secret;
}

std::int64_t totp_step(std::int64_t unix_seconds) {
  // Integer division truncates toward zero; a step starts at a multiple of 30 seconds.
  return unix_seconds / step_seconds - (unix_seconds % step_seconds < 0 ? 1 : 0);
}

int totp_code(std::span<const unsigned char> key, std::int64_t step, int digits) {
  if (digits < 6 || digits > 8) throw std::invalid_argument("totp_code: digits must be 6 to 8");
  // The counter is 8 bytes, big-endian (RFC 4226 section 5.2).
  std::array<unsigned char, 8> counter;
  auto value = static_cast<std::uint64_t>(step);
  for (auto it = counter.rbegin(); it != counter.rend(); ++it) {
    *it = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  // An empty span may have a null data(), which HMAC would take for "no key set".
  static constexpr unsigned char no_key = 0;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha1(), key.empty() ? &no_key : key.data(), static_cast<int>(key.size()),
           counter.data(), counter.size(), mac.data(), &mac_size) == nullptr)
    throw std::runtime_error("OpenSSL: cannot compute an HMAC");
  // Dynamic truncation: 31 bits from the offset the last nibble names.
  const unsigned offset = mac[mac_size - 1] & 0x0f;
  const std::uint32_t truncated = (std::uint32_t{mac[offset]} & 0x7f) << 24 |
                                  std::uint32_t{mac[offset + 1]} << 16 |
                                  std::uint32_t{mac[offset + 2]} << 8 | mac[offset + 3];
  OPENSSL_cleanse(mac.data(), mac.size());
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return static_cast<int>(truncated % modulus);
}

std::optional<std::int64_t> totp_match(std::string_view secret_base32, std::string_view code,
                                       std::int64_t unix_seconds, std::int64_t window) {
  if (code.size() != code_digits) return std::nullopt;
  for (const char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  auto key = base32_decode(secret_base32);
  if (!key) return std::nullopt;
  const Wiped wiped{*key};
  if (key->empty()) return std::nullopt;
  const std::int64_t now = totp_step(unix_seconds);
  std::optional<std::int64_t> found;
  // Every step of the window is computed and compared, match or not.
  for (std::int64_t step = now - window; step <= now + window; ++step) {
    const auto expected = code_text(totp_code(*key, step));
    const bool same = CRYPTO_memcmp(expected.data(), code.data(), expected.size()) == 0;
    if (same && !found) found = step;
  }
  return found;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32) {
  std::string uri = "otpauth://totp/";
  // The issuer prefixes the label too, for apps that ignore the parameter.
  append_percent_encoded(uri, issuer);
  uri += ':';
  append_percent_encoded(uri, account);
  uri += "?secret=";
  append_percent_encoded(uri, secret_base32);
  uri += "&issuer=";
  append_percent_encoded(uri, issuer);
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace tessera::security
