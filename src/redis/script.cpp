#include "redis/script.hpp"

#include <cstdio>

// No SHA1 in libsodium; Boost's (used by its name-based UUIDs) avoids another dependency.
#include <boost/uuid/detail/sha1.hpp>

namespace tessera::redis {
namespace {

std::string sha1_hex(const std::string& text) {
  boost::uuids::detail::sha1 hash;
  hash.process_bytes(text.data(), text.size());
  boost::uuids::detail::sha1::digest_type digest;
  hash.get_digest(digest);
  std::string hex(40, '0');
  for (int i = 0; i < 5; ++i) std::snprintf(&hex[i * 8], 9, "%08x", digest[i]);
  return hex;
}

}  // namespace

Script::Script(std::string text) : text_(std::move(text)), sha1_(sha1_hex(text_)) {}

}  // namespace tessera::redis
