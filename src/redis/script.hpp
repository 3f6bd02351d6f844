#pragma once
// A Lua script run with EVALSHA (the server caches it by SHA1). Immutable, so one Script
// may be shared by the clients of every thread; Client::eval falls back to EVAL when the
// server does not know the script yet (after a restart or SCRIPT FLUSH).

#include <string>

namespace tessera::redis {

class Script {
 public:
  explicit Script(std::string text);

  const std::string& text() const { return text_; }
  const std::string& sha1() const { return sha1_; }  // 40 lowercase hex digits

 private:
  std::string text_;
  std::string sha1_;
};

}  // namespace tessera::redis
