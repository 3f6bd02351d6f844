#pragma once
// The Redis keys the queue owns besides the queues' own lists. Configurable so that tests
// (and several deployments sharing one Redis database) keep theirs apart.

#include <string>

namespace tessera::queue {

struct QueueKeys {
  // Sorted set of delayed messages (countdown, ETA, retries), scored by due time in ms.
  std::string scheduled = "tessera:scheduled";
  // List of JSON records of the tasks that failed for good, newest first.
  std::string dead = "tessera:dead";
};

}  // namespace tessera::queue
