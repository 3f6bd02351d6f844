#include "core/host.hpp"

#include <unistd.h>

namespace tessera::core {

const std::string& host_name() {
  static const std::string name = [] {
    char text[256] = {};
    if (::gethostname(text, sizeof text - 1) != 0 || text[0] == '\0')
      return std::string("localhost");
    return std::string(text);
  }();
  return name;
}

}  // namespace tessera::core
