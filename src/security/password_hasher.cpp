#include "security/password_hasher.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>

#include <sodium.h>

#include "core/cpu_pool.hpp"

#include "security/sodium.hpp"
#include "security/tokens.hpp"

namespace tessera::security {
namespace {

namespace asio = boost::asio;

using EncodedHash = std::array<char, crypto_pwhash_STRBYTES>;

constexpr std::string_view argon2id_prefix = crypto_pwhash_argon2id_STRPREFIX;

// libsodium reads an encoded hash as a NUL-terminated string in a buffer of STRBYTES: a
// stored value that does not fit (or hides a NUL) is malformed, never read past its end.
std::optional<EncodedHash> encoded(std::string_view stored_hash) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return std::nullopt;
  if (stored_hash.find('\0') != std::string_view::npos) return std::nullopt;
  EncodedHash buffer{};
  std::memcpy(buffer.data(), stored_hash.data(), stored_hash.size());
  return buffer;
}

// libsodium's functions take no null pointer, which an empty string_view may hold.
const char* bytes_of(std::string_view text) {
  return text.empty() ? "" : text.data();
}

void check(const PasswordHashParams& params) {
  if (params.ops < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      params.ops > crypto_pwhash_argon2id_OPSLIMIT_MAX)
    throw std::invalid_argument("password hash ops out of libsodium's range");
  if (params.memory < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      params.memory > crypto_pwhash_argon2id_MEMLIMIT_MAX)
    throw std::invalid_argument("password hash memory out of libsodium's range");
}

}  // namespace

PasswordHasher::PasswordHasher(core::CpuPool& pool, PasswordHashParams params)
    : pool_(pool), params_(params) {
  ensure_sodium();
  check(params_);
  dummy_hash_ = hash_now(random_token());
}

std::string PasswordHasher::hash_now(std::string_view password) const {
  EncodedHash out{};
  // The costs were checked at construction, so the one failure left is Argon2id's memory.
  if (crypto_pwhash_str_alg(out.data(), bytes_of(password), password.size(), params_.ops,
                            params_.memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::bad_alloc();
  return std::string(out.data());
}

bool PasswordHasher::verify_now(std::string_view stored_hash, std::string_view password) const {
  const auto hash = encoded(stored_hash);
  if (!hash) return false;
  errno = 0;
  if (crypto_pwhash_str_verify(hash->data(), bytes_of(password), password.size()) == 0) return true;
  // A mismatch and a malformed hash both fail with EINVAL (or leave errno alone); only a
  // failed allocation is not an answer about the password.
  if (errno == ENOMEM) throw std::bad_alloc();
  return false;
}

bool PasswordHasher::needs_rehash(const std::string& stored_hash) const {
  // libsodium compares only the costs, so an Argon2i hash with the same costs would pass.
  if (!stored_hash.starts_with(argon2id_prefix)) return true;
  const auto hash = encoded(stored_hash);
  if (!hash) return true;
  return crypto_pwhash_str_needs_rehash(hash->data(), params_.ops, params_.memory) != 0;
}

asio::awaitable<std::string> PasswordHasher::hash(std::string password) const {
  // Bound to a local first: g++ 12 mishandles some temporaries inside co_await expressions.
  auto work = [this, password = std::move(password)] { return hash_now(password); };
  co_return co_await pool_.run(std::move(work));
}

asio::awaitable<bool> PasswordHasher::verify(std::string stored_hash, std::string password) const {
  auto work = [this, stored_hash = std::move(stored_hash), password = std::move(password)] {
    return verify_now(stored_hash, password);
  };
  co_return co_await pool_.run(std::move(work));
}

asio::awaitable<void> PasswordHasher::verify_dummy(std::string password) const {
  auto work = [this, password = std::move(password)] { (void)verify_now(dummy_hash_, password); };
  co_await pool_.run(std::move(work));
}

}  // namespace tessera::security
