#include "db/params.hpp"

namespace tessera::db {

Param to_param(const Bytes& v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + v.data.size() * 2);
  for (unsigned char byte : v.data) {
    text.push_back(digits[byte >> 4]);
    text.push_back(digits[byte & 0x0f]);
  }
  return text;
}

}  // namespace tessera::db
