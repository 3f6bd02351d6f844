#pragma once
// This machine's host name, as workers and task messages name their origin.

#include <string>

namespace tessera::core {

// gethostname(), or "localhost" when the system has none.
const std::string& host_name();

}  // namespace tessera::core
