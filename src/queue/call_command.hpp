#pragma once
// `tessera tasks call NAME`: sends one task, like `celery call`, and prints its id.

#include <string>

#include "queue/broker.hpp"
#include "redis/client.hpp"

namespace tessera::queue {

// `args_json` a JSON array, `kwargs_json` a JSON object. The exit status: 0 sent, 1 Redis
// failed, 2 bad arguments (each with one line on stderr).
int call_task(const redis::ClientOptions& redis, std::string name, const std::string& args_json,
              const std::string& kwargs_json, EnqueueOptions options);

}  // namespace tessera::queue
