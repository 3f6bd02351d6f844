#include "tasks/image_errors.hpp"

namespace tessera::tasks {

std::string image_failure_sentence(queue::FailureCause cause, std::string_view error_type) {
  if (cause == queue::FailureCause::time_limit || error_type == "TimeLimitExceeded" ||
      error_type == "SoftTimeLimitExceeded")
    return "Processing took too long and was stopped. Please try a smaller image.";
  if (cause == queue::FailureCause::interrupted || error_type == "WorkerLostError")
    return "Processing stopped the worker several times, so this image was set aside.";
  if (error_type == "ConnectionError")
    return "Processing failed because a service was unavailable. Please upload the image again "
           "later.";
  return "The image could not be processed. Please upload it again.";
}

}  // namespace tessera::tasks
