#include "http/multipart.hpp"

#include <algorithm>
#include <utility>

#include "core/ascii.hpp"
#include "core/text.hpp"

namespace tessera::http {
namespace {

[[noreturn]] void fail(std::string_view problem) {
  throw MultipartError("multipart: " + std::string(problem));
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// RFC 9110 token characters.
bool is_tchar(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046 boundary characters.
bool is_bchar(char c) {
  return is_alnum(c) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

// An unquoted Content-Type parameter value: what clients send is not always a token (Python's
// email package makes "===...==" boundaries), and the boundary is validated afterwards anyway.
bool is_loose_value_char(char c) {
  return c != ';' && c != ' ' && c != '\t' && c != '"' && !is_control(c);
}

std::string_view trim(std::string_view text) {
  return core::trim(text, " \t");
}

template <typename Pred>
std::string_view take_while(std::string_view& text, Pred pred) {
  const auto end = std::find_if_not(text.begin(), text.end(), pred) - text.begin();
  const auto taken = text.substr(0, static_cast<std::size_t>(end));
  text.remove_prefix(taken.size());
  return taken;
}

bool valid_boundary(std::string_view boundary) {
  return !boundary.empty() && boundary.size() <= 70 && boundary.back() != ' ' &&
         std::all_of(boundary.begin(), boundary.end(), is_bchar);
}

// A quoted-string at the start of `text` (which starts with '"'), unescaped.
std::optional<std::string> read_quoted(std::string_view& text) {
  std::string value;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '"') {
      text.remove_prefix(i + 1);
      return value;
    }
    if (text[i] == '\\' && ++i == text.size()) break;
    value += text[i];
  }
  return std::nullopt;
}

// Calls on_parameter(name, value) for each `; name=value` of a header value's parameter
// list; false when the list is malformed or on_parameter returns false.
template <typename ValueChar, typename OnParameter>
bool for_each_parameter(std::string_view text, ValueChar value_char, OnParameter on_parameter) {
  while (!(text = trim(text)).empty()) {
    if (text.front() != ';') return false;
    text = trim(text.substr(1));
    const auto name = take_while(text, is_tchar);
    text = trim(text);
    if (name.empty() || text.empty() || text.front() != '=') return false;
    text = trim(text.substr(1));
    std::optional<std::string> value;
    if (!text.empty() && text.front() == '"')
      value = read_quoted(text);
    else if (const auto token = take_while(text, value_char); !token.empty())
      value = std::string(token);
    if (!value || !on_parameter(name, std::move(*value))) return false;
  }
  return true;
}

void parse_disposition(std::string_view text, PartHeaders& part) {
  const auto type = take_while(text, is_tchar);
  if (type.empty()) fail("malformed Content-Disposition");
  if (!core::iequals(type, "form-data")) fail("part is not form-data");
  bool has_name = false;
  const bool ok = for_each_parameter(text, is_tchar, [&](std::string_view name, std::string value) {
    if (core::iequals(name, "name")) {
      if (has_name) fail("duplicate name in Content-Disposition");
      has_name = true;
      part.name = std::move(value);
    } else if (core::iequals(name, "filename")) {
      if (part.filename) fail("duplicate filename in Content-Disposition");
      part.filename = std::move(value);
    }  // others, "filename*" among them, carry nothing a form field needs
    return true;
  });
  if (!ok) fail("malformed Content-Disposition parameters");
  if (!has_name) fail("part without a name");
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::string_view text = trim(content_type);
  const auto semicolon = text.find(';');
  if (!core::iequals(trim(text.substr(0, semicolon)), "multipart/form-data")) return std::nullopt;
  if (semicolon == std::string_view::npos) return std::nullopt;
  text.remove_prefix(semicolon);
  std::optional<std::string> boundary;
  const bool ok =
      for_each_parameter(text, is_loose_value_char, [&](std::string_view name, std::string value) {
        if (!core::iequals(name, "boundary")) return true;
        if (boundary) return false;
        boundary = std::move(value);
        return true;
      });
  if (!ok || !boundary || !valid_boundary(*boundary)) return std::nullopt;
  return boundary;
}

MultipartParser::MultipartParser(std::string boundary, Callbacks callbacks, MultipartLimits limits)
    : callbacks_(std::move(callbacks)), limits_(limits) {
  if (!valid_boundary(boundary)) throw std::invalid_argument("multipart: invalid boundary");
  delimiter_ = "\r\n--" + boundary;
  // The first delimiter may open the body without a CRLF before it.
  held_ = "\r\n";
  held_implied_crlf_ = true;
}

void MultipartParser::feed(std::string_view chunk) {
  if (state_ == State::failed) fail("parser used after an error");
  try {
    while (!chunk.empty() && state_ != State::done) {
      switch (state_) {
        case State::preamble:
        case State::data:
          chunk = scan_for_delimiter(chunk);
          break;
        case State::headers:
          chunk = parse_headers(chunk);
          break;
        default:
          chunk = parse_delimiter_tail(chunk);
          break;
      }
    }
  } catch (...) {
    state_ = State::failed;
    throw;
  }
}

void MultipartParser::finish() {
  if (state_ == State::done) return;
  if (state_ == State::failed) fail("parser used after an error");
  const bool no_delimiter = state_ == State::preamble;
  state_ = State::failed;
  fail(no_delimiter ? "body has no delimiter" : "body ended before the closing delimiter");
}

// The delimiter holds a single CR, its first byte: a candidate starts at a CR, and a held
// prefix that stops matching holds no other candidate, so it is data as a whole.
std::string_view MultipartParser::scan_for_delimiter(std::string_view chunk) {
  const std::string_view delimiter = delimiter_;
  if (!held_.empty()) {
    const auto rest = delimiter.substr(held_.size());
    const auto next = chunk.substr(0, rest.size());
    if (!rest.starts_with(next)) {
      emit_held();
    } else if (next.size() < rest.size()) {
      held_.append(next);
      return {};
    } else {
      held_.clear();
      delimiter_found();
      return chunk.substr(next.size());
    }
  }
  for (std::size_t from = 0;;) {
    const auto cr = chunk.find('\r', from);
    if (cr == std::string_view::npos) {
      emit(chunk);
      return {};
    }
    const auto candidate = chunk.substr(cr, delimiter.size());
    if (delimiter.starts_with(candidate)) {
      emit(chunk.substr(0, cr));
      if (candidate.size() == delimiter.size()) {
        delimiter_found();
        return chunk.substr(cr + candidate.size());
      }
      held_.assign(candidate);  // the chunk ends inside what may be a delimiter
      held_implied_crlf_ = false;
      return {};
    }
    from = cr + 1;
  }
}

std::string_view MultipartParser::parse_delimiter_tail(std::string_view chunk) {
  while (!chunk.empty()) {
    const char c = chunk.front();
    chunk.remove_prefix(1);
    const bool space = c == ' ' || c == '\t';
    switch (state_) {
      case State::boundary_tail:
        if (c == '-')
          state_ = State::close_dash;
        else if (space)
          state_ = State::padding;
        else if (c == '\r')
          state_ = State::delimiter_lf;
        else
          fail("boundary followed by unexpected bytes");
        break;
      case State::close_dash:
        if (c != '-') fail("malformed close delimiter");
        state_ = State::done;
        return chunk;
      case State::padding:
        if (c == '\r')
          state_ = State::delimiter_lf;
        else if (!space)
          fail("boundary followed by unexpected bytes");
        break;
      default:  // State::delimiter_lf
        if (c != '\n') fail("delimiter line does not end with CRLF");
        if (++parts_ > limits_.max_parts)
          fail("more than " + std::to_string(limits_.max_parts) + " parts");
        state_ = State::headers;
        part_ = PartHeaders{};
        seen_disposition_ = seen_content_type_ = false;
        line_.clear();
        return chunk;
    }
    // Padding is bounded like the headers it precedes.
    if (space && ++header_bytes_ > limits_.max_part_header_bytes)
      fail("part headers over " + std::to_string(limits_.max_part_header_bytes) + " bytes");
  }
  return chunk;
}

std::string_view MultipartParser::parse_headers(std::string_view chunk) {
  while (!chunk.empty()) {
    const auto lf = chunk.find('\n');
    const auto take = lf == std::string_view::npos ? chunk.size() : lf + 1;
    if (take > limits_.max_part_header_bytes - header_bytes_)
      fail("part headers over " + std::to_string(limits_.max_part_header_bytes) + " bytes");
    header_bytes_ += take;
    line_.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (lf == std::string_view::npos) break;
    std::string_view line = line_;
    if (line.size() < 2 || line[line.size() - 2] != '\r')
      fail("part header line does not end with CRLF");
    line.remove_suffix(2);
    if (line.empty()) {
      begin_part_data();
      break;
    }
    parse_header_line(line);
    line_.clear();
  }
  return chunk;
}

void MultipartParser::parse_header_line(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') fail("folded part header line");
  const auto colon = line.find(':');
  const auto name = line.substr(0, colon);
  if (colon == std::string_view::npos || name.empty() ||
      !std::all_of(name.begin(), name.end(), is_tchar))
    fail("malformed part header line");
  const auto value = trim(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), is_control))
    fail("control character in a part header");
  if (core::iequals(name, "Content-Disposition")) {
    if (seen_disposition_) fail("duplicate Content-Disposition");
    seen_disposition_ = true;
    parse_disposition(value, part_);
  } else if (core::iequals(name, "Content-Type")) {
    if (seen_content_type_) fail("duplicate Content-Type");
    seen_content_type_ = true;
    part_.content_type = std::string(value);
  }
}

void MultipartParser::begin_part_data() {
  if (!seen_disposition_) fail("part without Content-Disposition");
  state_ = State::data;
  line_.clear();
  // RFC 2046 lets a part without data end right after its headers' CRLF: that CRLF is then
  // the delimiter's too.
  held_ = "\r\n";
  held_implied_crlf_ = true;
  if (callbacks_.on_part_begin) callbacks_.on_part_begin(part_);
}

void MultipartParser::delimiter_found() {
  const bool in_part = state_ == State::data;
  state_ = State::boundary_tail;
  header_bytes_ = 0;
  if (in_part && callbacks_.on_part_end) callbacks_.on_part_end();
}

void MultipartParser::emit(std::string_view data) {
  if (state_ == State::data && !data.empty() && callbacks_.on_part_data)
    callbacks_.on_part_data(data);
}

void MultipartParser::emit_held() {
  const std::string_view held = held_;
  emit(held_implied_crlf_ ? held.substr(2) : held);
  held_.clear();
  held_implied_crlf_ = false;
}

}  // namespace tessera::http
