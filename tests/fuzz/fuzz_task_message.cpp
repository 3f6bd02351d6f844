// Feeds arbitrary bytes to the task message and result record decoders: each must either
// decode them or throw MessageError, and whatever decodes must survive an encode/decode round
// trip with the same contents: every field equal, the JSON of args, kwargs, the embed and a
// result equal value by value (doubles within a few ulps, see json_compare.hpp).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "queue/task_message.hpp"
#include "queue/task_result.hpp"

#include "json_compare.hpp"

namespace {

using namespace tessera::queue;
namespace json = boost::json;
using fuzz::round_trip_failed;
using fuzz::same_json;

// What encode_message wrote must decode again.
template <class T, class Decode>
T decode_again(const std::string& encoded, Decode decode, const char* what) {
  try {
    return decode(encoded);
  } catch (const MessageError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    round_trip_failed(what);
  }
}

void check_message(std::string_view text) {
  TaskMessage message;
  try {
    message = decode_message(text);
  } catch (const MessageError&) {
    return;
  }
  const TaskMessage again =
      decode_again<TaskMessage>(encode_message(message), decode_message, "encoded message");

  if (!same_json(again.args, message.args)) round_trip_failed("args");
  if (!same_json(again.kwargs, message.kwargs)) round_trip_failed("kwargs");
  if (!same_json(again.embed, message.embed)) round_trip_failed("embed");
  // The encoder fills what the decoder may leave empty: the origin, a reply queue, and the
  // task itself as the root of a nil root_id.
  if (message.reply_to.empty() ? again.reply_to.empty() : again.reply_to != message.reply_to)
    round_trip_failed("reply_to");
  TaskMessage expected = message;
  if (expected.origin.empty()) expected.origin = default_origin();
  if (expected.root_id.is_nil()) expected.root_id = expected.id;
  expected.reply_to = again.reply_to;
  // Every other field, whatever fields TaskMessage grows, exactly.
  TaskMessage rest = again;
  expected.args = rest.args = {};
  expected.kwargs = rest.kwargs = {};
  expected.embed = rest.embed = {};
  if (!(rest == expected)) round_trip_failed("message fields");
}

void check_result(std::string_view text) {
  TaskResult result;
  try {
    result = decode_result(text);
  } catch (const MessageError&) {
    return;
  }
  const TaskResult again =
      decode_again<TaskResult>(encode_result(result), decode_result, "encoded result record");

  // With a parsed error, the encoder writes the error as the result (one message string).
  TaskResult expected = result;
  if (result.error)
    expected.result = json::object{{"exc_type", result.error->type},
                                   {"exc_message", json::array{json::value(result.error->message)}},
                                   {"exc_module", result.error->module}};
  if (!same_json(again.result, expected.result)) round_trip_failed("result");
  if (again.error != expected.error) round_trip_failed("error");
  // State, task id, traceback, date and retries, exactly.
  TaskResult rest = again;
  expected.result = rest.result = nullptr;
  if (!(rest == expected)) round_trip_failed("result record fields");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_message(text);
  check_result(text);
  return 0;
}
