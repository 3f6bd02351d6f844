#pragma once
// The Redis keys the queue owns besides the queues' own lists. Configurable so that tests
// (and several deployments sharing one Redis database) keep theirs apart.

#include <string>
#include <string_view>

namespace tessera::queue {

struct QueueKeys {
  // Sorted set of delayed messages (countdown, ETA, retries), scored by due time in ms.
  std::string scheduled = "tessera:scheduled";
  // List of JSON records of the tasks that failed for good, newest first.
  std::string dead = "tessera:dead";
  // Hash: worker id -> JSON description (host, pid, queues, concurrency, start time).
  std::string workers = "tessera:workers";
  // "<prefix><worker id>": exists while the worker heartbeats (a key with a TTL).
  std::string alive_prefix = "tessera:alive:";
  // "<prefix><worker id>:<queue>": the messages a worker took from that queue and has not
  // finished yet.
  std::string processing_prefix = "tessera:processing:";

  std::string alive_key(std::string_view worker_id) const {
    return alive_prefix + std::string(worker_id);
  }
  std::string processing_key(std::string_view worker_id, std::string_view queue) const {
    return processing_prefix + std::string(worker_id) + ":" + std::string(queue);
  }
};

}  // namespace tessera::queue
