#pragma once
// The sentences an image's owner reads in its `error` when processing fails for good. They
// are chosen here, by cause, never copied from an exception: the raw detail (a path, an
// errno text, SQL) goes to the worker's log with the task id.

#include <string>
#include <string_view>

#include "queue/task_registry.hpp"

namespace tessera::tasks {

// The decoder rejected the stored bytes.
inline constexpr std::string_view kImageCorrupt =
    "The image could not be decoded: the file is damaged or not a complete image.";
// Processing did not finish and no task is left to finish it (found by the sweep).
inline constexpr std::string_view kImageAbandoned =
    "Processing did not finish. Please upload the image again.";

// The sentence for a failed process_image task: its cause and its error's type (as stored
// in the task's result: "TimeLimitExceeded", "ConnectionError", ...).
std::string image_failure_sentence(queue::FailureCause cause, std::string_view error_type);

}  // namespace tessera::tasks
