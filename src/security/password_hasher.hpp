#pragma once
// Argon2id password hashes (libsodium), computed on the CPU pool so that an I/O thread never
// spends the ~30 ms a hash costs. Hashes are libsodium's encoded strings
// ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"): they carry their own salt and costs, so a
// change of costs only makes old hashes need_rehash(), never unverifiable.

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

namespace tessera::core {
class CpuPool;
}

namespace tessera::security {

// Argon2id costs: libsodium's opslimit (passes) and memlimit (bytes). The defaults are
// OWASP's minimum (core::Settings' PASSWORD_HASH_OPS and PASSWORD_HASH_MEMORY). libsodium
// accepts ops >= 1 and memory >= 8 KiB.
struct PasswordHashParams {
  unsigned long long ops = 2;
  std::size_t memory = 19 << 20;
};

class PasswordHasher {
 public:
  // `pool` runs the hashes and must outlive the hasher. Throws std::invalid_argument for
  // costs libsodium refuses. Computes one hash (the dummy), so it costs a hash.
  PasswordHasher(core::CpuPool& pool, PasswordHashParams params);

  // A new hash of `password` (any bytes, NULs included), with a fresh random salt.
  boost::asio::awaitable<std::string> hash(std::string password) const;
  // Whether `password` matches `stored_hash`; false for a malformed hash.
  boost::asio::awaitable<bool> verify(std::string stored_hash, std::string password) const;
  // Costs what a verify costs, for a login with an unknown email: without it, the answer's
  // timing tells which emails have accounts.
  boost::asio::awaitable<void> verify_dummy(std::string password) const;

  // Whether `stored_hash` was made with other costs or another algorithm than these (then
  // hash the password again after a successful login), or is malformed.
  bool needs_rehash(const std::string& stored_hash) const;

  // The same on the calling thread, for the command line (never on an I/O thread).
  // hash_now throws std::bad_alloc when Argon2id cannot get its memory.
  std::string hash_now(std::string_view password) const;
  bool verify_now(std::string_view stored_hash, std::string_view password) const;

  const PasswordHashParams& params() const { return params_; }

 private:
  core::CpuPool& pool_;
  PasswordHashParams params_;
  std::string dummy_hash_;  // of a random password nobody knows, with params_
};

}  // namespace tessera::security
