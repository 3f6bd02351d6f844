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
  // "<prefix><task id>": set when the outbox relay sends a task, so that a task it sends
  // again (it died between sending and forgetting the row) is not queued twice.
  // The mark lives until the task reaches a final state, so it also tells that the task is
  // queued or running (the sweep of unfinished images reads it).
  std::string sent_prefix = "tessera:sent:";
  // "<prefix><task id>": how many times the task's message was delivered since its last
  // outcome; a reclaim after a worker's death does not reset it (poison messages).
  std::string delivered_prefix = "tessera:delivered:";

  std::string sent_key(std::string_view task_id) const {
    return sent_prefix + std::string(task_id);
  }
  std::string delivered_key(std::string_view task_id) const {
    return delivered_prefix + std::string(task_id);
  }
  std::string alive_key(std::string_view worker_id) const {
    return alive_prefix + std::string(worker_id);
  }
  std::string processing_key(std::string_view worker_id, std::string_view queue) const {
    return processing_prefix + std::string(worker_id) + ":" + std::string(queue);
  }
};

}  // namespace tessera::queue
