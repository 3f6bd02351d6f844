// Feeds arbitrary bytes to the task message and result record decoders: each must either
// decode them or throw MessageError, and whatever decodes must survive a round trip.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "queue/task_message.hpp"
#include "queue/task_result.hpp"

namespace {

using namespace tessera::queue;

void check_message(std::string_view text) {
  TaskMessage message;
  try {
    message = decode_message(text);
  } catch (const MessageError&) {
    return;
  }
  // Doubles in args may come back one ulp apart, so compare what carries no floats.
  const TaskMessage again = decode_message(encode_message(message));
  if (again.id != message.id || again.root_id != message.root_id ||
      again.parent_id != message.parent_id || again.name != message.name ||
      again.args.size() != message.args.size() || again.kwargs.size() != message.kwargs.size() ||
      again.eta != message.eta || again.expires != message.expires ||
      again.retries != message.retries || again.queue != message.queue ||
      again.time_limit != message.time_limit || again.soft_time_limit != message.soft_time_limit ||
      again.max_retries != message.max_retries || again.retry_backoff != message.retry_backoff)
    __builtin_trap();
}

void check_result(std::string_view text) {
  TaskResult result;
  try {
    result = decode_result(text);
  } catch (const MessageError&) {
    return;
  }
  const TaskResult again = decode_result(encode_result(result));
  if (again.state != result.state || again.task_id != result.task_id ||
      again.date_done != result.date_done || again.error != result.error)
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_message(text);
  check_result(text);
  return 0;
}
