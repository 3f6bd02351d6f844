#pragma once
// `tessera tasks inspect`: what waits in the queues, what is scheduled, what failed for good.

#include <string>
#include <vector>

#include "redis/client.hpp"

namespace tessera::queue {

// Prints the report on stdout; problems (Redis down) on stderr with exit status 1.
int inspect_tasks(const redis::ClientOptions& options, const std::vector<std::string>& queues);

}  // namespace tessera::queue
