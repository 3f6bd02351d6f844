#include "queue/python_repr.hpp"

#include <charconv>
#include <cstdio>

#include <boost/json/value.hpp>

namespace tessera::queue {
namespace {

namespace json = boost::json;

void append_string(std::string& out, std::string_view text) {
  out += '\'';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", byte);
      out += buf;
    } else {
      out += c;  // UTF-8 passes through, as Python 3 prints printable characters
    }
  }
  out += '\'';
}

void append_double(std::string& out, double value) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text;
  // Python always shows that a float is a float: 2.0, not 2.
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void append_value(std::string& out, const json::value& value, std::size_t max_size);

template <typename Range, typename Append>
void append_items(std::string& out, const Range& range, Append append, std::size_t max_size) {
  bool first = true;
  for (const auto& item : range) {
    if (out.size() > max_size) return;
    if (!first) out += ", ";
    first = false;
    append(item);
  }
}

void append_object(std::string& out, const json::object& object, std::size_t max_size) {
  out += '{';
  append_items(
      out, object,
      [&](const json::key_value_pair& kv) {
        append_string(out, kv.key());
        out += ": ";
        append_value(out, kv.value(), max_size);
      },
      max_size);
  out += '}';
}

void append_value(std::string& out, const json::value& value, std::size_t max_size) {
  switch (value.kind()) {
    case json::kind::null:
      out += "None";
      break;
    case json::kind::bool_:
      out += value.get_bool() ? "True" : "False";
      break;
    case json::kind::int64:
      out += std::to_string(value.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(value.get_uint64());
      break;
    case json::kind::double_:
      append_double(out, value.get_double());
      break;
    case json::kind::string:
      append_string(out, value.get_string());
      break;
    case json::kind::array:
      out += '[';
      append_items(
          out, value.get_array(), [&](const json::value& v) { append_value(out, v, max_size); },
          max_size);
      out += ']';
      break;
    case json::kind::object:
      append_object(out, value.get_object(), max_size);
      break;
  }
}

// Like reprlib-style truncation in Celery's saferepr: cut, then mark the cut.
std::string truncated(std::string text, std::size_t max_size) {
  if (text.size() > max_size) {
    text.resize(max_size);
    text += "...";
  }
  return text;
}

}  // namespace

std::string python_args_repr(const json::array& args, std::size_t max_size) {
  std::string out = "(";
  append_items(
      out, args, [&](const json::value& v) { append_value(out, v, max_size); }, max_size);
  if (args.size() == 1) out += ',';
  out += ')';
  return truncated(std::move(out), max_size);
}

std::string python_kwargs_repr(const json::object& kwargs, std::size_t max_size) {
  std::string out;
  append_object(out, kwargs, max_size);
  return truncated(std::move(out), max_size);
}

}  // namespace tessera::queue
