#include "queue/task_message.hpp"

#include <climits>
#include <cmath>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/host.hpp"
#include "queue/base64.hpp"
#include "queue/json_fields.hpp"
#include "queue/python_repr.hpp"

namespace tessera::queue {
namespace {

namespace json = boost::json;
using namespace detail;
using std::chrono::milliseconds;

constexpr std::string_view kMaxRetriesHeader = "x_tessera_max_retries";
constexpr std::string_view kBackoffHeader = "x_tessera_retry_backoff_ms";
constexpr std::string_view kBackoffMaxHeader = "x_tessera_retry_backoff_max_ms";
constexpr std::string_view kEmbedKeys[] = {"callbacks", "errbacks", "chain", "chord"};
// A time limit longer than this (about 31 years) is a mistake, and larger doubles would
// overflow the conversion to milliseconds.
constexpr double kMaxLimitSeconds = 1e9;

json::value optional_time_value(const std::optional<core::Timestamp>& t) {
  return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
}

json::value seconds_value(const std::optional<milliseconds>& limit) {
  if (!limit) return nullptr;
  // Whole seconds as an integer, as Python clients usually pass them.
  if (limit->count() % 1000 == 0) return limit->count() / 1000;
  return double(limit->count()) / 1000.0;
}

std::optional<milliseconds> read_seconds(const json::value& value, std::string_view field) {
  if (value.is_null()) return std::nullopt;
  double seconds = 0;
  if (value.is_int64()) {
    seconds = double(value.get_int64());
  } else if (value.is_uint64()) {
    seconds = double(value.get_uint64());
  } else if (value.is_double()) {
    seconds = value.get_double();
  } else {
    fail(field, "expected a number of seconds or null");
  }
  if (!(seconds >= 0 && seconds <= kMaxLimitSeconds))
    fail(field, "expected between 0 and 1e9 seconds");
  return milliseconds(std::llround(seconds * 1000.0));
}

int read_count(const json::object& object, std::string_view key, std::string_view field,
               int fallback) {
  const auto value = optional_integer(object, key, field);
  if (!value) return fallback;
  if (*value < 0 || *value > INT_MAX) fail(field, "out of range");
  return int(*value);
}

std::optional<milliseconds> read_millis(const json::object& object, std::string_view key,
                                        std::string_view field) {
  const auto value = optional_integer(object, key, field);
  if (!value) return std::nullopt;
  if (*value < 0) fail(field, "must not be negative");
  return milliseconds(*value);
}

void check_envelope(const json::object& envelope) {
  const auto content_type = required_string(envelope, "content-type", "content-type");
  if (content_type != "application/json")
    fail("content-type",
         "only application/json is supported (set the task serializer to "
         "json), got \"" +
             std::string(content_type.substr(0, 64)) + "\"");
  const auto encoding = required_string(envelope, "content-encoding", "content-encoding");
  if (encoding != "utf-8")
    fail("content-encoding",
         "only utf-8 is supported, got \"" + std::string(encoding.substr(0, 64)) + "\"");
}

void read_body(const json::object& envelope, const json::object& properties, TaskMessage& out) {
  const auto body_encoding =
      required_string(properties, "body_encoding", "properties.body_encoding");
  if (body_encoding != "base64")
    fail("properties.body_encoding",
         "only base64 is supported, got \"" + std::string(body_encoding.substr(0, 64)) + "\"");
  const auto decoded = base64_decode(required_string(envelope, "body", "body"));
  if (!decoded) fail("body", "not valid base64");
  const json::value body = parse_json(*decoded, "body");
  if (!body.is_array() || body.get_array().size() != 3)
    fail("body", "expected [args, kwargs, embed]");
  const json::array& parts = body.get_array();
  if (!parts[0].is_array()) fail("body args", "expected a JSON array");
  if (!parts[1].is_object()) fail("body kwargs", "expected a JSON object");
  if (!parts[2].is_null() && !parts[2].is_object()) fail("body embed", "expected a JSON object");
  out.args = parts[0].get_array();
  out.kwargs = parts[1].get_object();
  if (parts[2].is_object())
    for (const auto& [key, value] : parts[2].get_object())
      if (!value.is_null()) out.embed.emplace(key, value);
}

void read_time_limits(const json::object& headers, TaskMessage& out) {
  const json::value* limits = find_present(headers, "timelimit");
  if (limits == nullptr) return;
  if (!limits->is_array() || limits->get_array().size() != 2)
    fail("headers.timelimit", "expected [hard, soft]");
  out.time_limit = read_seconds(limits->get_array()[0], "headers.timelimit[0]");
  out.soft_time_limit = read_seconds(limits->get_array()[1], "headers.timelimit[1]");
}

void read_headers(const json::object& headers, TaskMessage& out) {
  const auto name = optional_string(headers, "task", "headers.task");
  if (!name || name->empty())
    fail("headers.task", "missing (protocol v1 messages are not supported)");
  out.name = std::string(*name);
  out.id = required_uuid(headers, "id", "headers.id");
  out.root_id = optional_uuid(headers, "root_id", "headers.root_id").value_or(out.id);
  out.parent_id = optional_uuid(headers, "parent_id", "headers.parent_id");
  out.eta = optional_time(headers, "eta", "headers.eta");
  out.expires = optional_time(headers, "expires", "headers.expires");
  out.retries = read_count(headers, "retries", "headers.retries", 0);
  read_time_limits(headers, out);
  if (const json::value* ignore = find_present(headers, "ignore_result")) {
    if (!ignore->is_bool()) fail("headers.ignore_result", "expected true or false");
    out.ignore_result = ignore->get_bool();
  }
  out.origin = std::string(optional_string(headers, "origin", "headers.origin").value_or(""));
  if (headers.contains(kMaxRetriesHeader))
    out.max_retries = read_count(headers, kMaxRetriesHeader, kMaxRetriesHeader, 0);
  out.retry_backoff = read_millis(headers, kBackoffHeader, kBackoffHeader);
  out.retry_backoff_max = read_millis(headers, kBackoffMaxHeader, kBackoffMaxHeader);
}

void read_properties(const json::object& properties, TaskMessage& out) {
  out.reply_to =
      std::string(optional_string(properties, "reply_to", "properties.reply_to").value_or(""));
  const json::value* info = find_present(properties, "delivery_info");
  if (info == nullptr) return;
  const auto queue = optional_string(as_object(*info, "properties.delivery_info"), "routing_key",
                                     "properties.delivery_info.routing_key");
  if (queue && !queue->empty()) out.queue = std::string(*queue);
}

json::object make_headers(const TaskMessage& m) {
  json::object headers;
  const std::string id = m.id.str();
  headers["lang"] = "py";
  headers["task"] = m.name;
  headers["id"] = id;
  headers["shadow"] = nullptr;
  headers["eta"] = optional_time_value(m.eta);
  headers["expires"] = optional_time_value(m.expires);
  headers["group"] = nullptr;
  headers["group_index"] = nullptr;
  headers["retries"] = m.retries;
  headers["timelimit"] = json::array{seconds_value(m.time_limit), seconds_value(m.soft_time_limit)};
  headers["root_id"] = m.root_id.is_nil() ? id : m.root_id.str();
  headers["parent_id"] = m.parent_id ? json::value(m.parent_id->str()) : json::value(nullptr);
  headers["argsrepr"] = python_args_repr(m.args);
  headers["kwargsrepr"] = python_kwargs_repr(m.kwargs);
  headers["origin"] = m.origin.empty() ? default_origin() : m.origin;
  headers["ignore_result"] = m.ignore_result;
  if (m.max_retries) headers[kMaxRetriesHeader] = *m.max_retries;
  if (m.retry_backoff) headers[kBackoffHeader] = m.retry_backoff->count();
  if (m.retry_backoff_max) headers[kBackoffMaxHeader] = m.retry_backoff_max->count();
  return headers;
}

}  // namespace

TaskMessage make_message(std::string name, json::array args, json::object kwargs) {
  TaskMessage message;
  message.id = core::Uuid::random();
  message.root_id = message.id;
  message.name = std::move(name);
  message.args = std::move(args);
  message.kwargs = std::move(kwargs);
  return message;
}

std::string encode_message(const TaskMessage& m) {
  json::object embed;
  for (const auto key : kEmbedKeys) embed[key] = nullptr;
  for (const auto& [key, value] : m.embed) embed[key] = value;
  const std::string body = json::serialize(json::array{m.args, m.kwargs, std::move(embed)});

  json::object envelope;
  envelope["body"] = base64_encode(body);
  envelope["content-encoding"] = "utf-8";
  envelope["content-type"] = "application/json";
  envelope["headers"] = make_headers(m);
  envelope["properties"] =
      json::object{{"correlation_id", m.id.str()},
                   {"reply_to", m.reply_to.empty() ? core::Uuid::fast_random().str() : m.reply_to},
                   {"delivery_mode", 2},
                   {"delivery_info", json::object{{"exchange", ""}, {"routing_key", m.queue}}},
                   {"priority", 0},
                   {"body_encoding", "base64"},
                   // kombu acknowledges by this tag; each push is a new delivery.
                   {"delivery_tag", core::Uuid::fast_random().str()}};
  return json::serialize(envelope);
}

TaskMessage decode_message(std::string_view text) {
  const json::value root = parse_json(text, "message");
  const json::object& envelope = as_object(root, "message");
  check_envelope(envelope);
  const json::value* properties = envelope.if_contains("properties");
  if (properties == nullptr) fail("properties", "missing");
  const json::value* headers = envelope.if_contains("headers");
  if (headers == nullptr) fail("headers", "missing");

  TaskMessage message;
  read_headers(as_object(*headers, "headers"), message);
  read_properties(as_object(*properties, "properties"), message);
  read_body(envelope, properties->get_object(), message);
  return message;
}

TaskMessage next_retry(const TaskMessage& message, core::Timestamp eta) {
  TaskMessage retry = message;
  if (retry.retries < INT_MAX) ++retry.retries;
  retry.eta = eta;
  return retry;
}

std::string default_origin() {
  return "tessera@" + core::host_name();
}

}  // namespace tessera::queue
