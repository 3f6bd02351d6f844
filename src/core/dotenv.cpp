#include "core/dotenv.hpp"

#include <unordered_map>

namespace tessera::core {

DotenvError::DotenvError(std::size_t line, std::string problem)
    : std::runtime_error("line " + std::to_string(line) + ": " + problem),
      line_(line),
      problem_(std::move(problem)) {}

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_key_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_key_char(char c) {
  return is_key_start(c) || (c >= '0' && c <= '9');
}

// Error messages never quote a value: values are often passwords.
class DotenvParser {
 public:
  explicit DotenvParser(std::string_view text) : text_(text) {}

  DotenvEntries run() {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // editors on some systems add a BOM
    while (!at_end()) parse_line();
    return std::move(entries_);
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }

  // "\n", "\r\n" and a trailing "\r" end a line.
  bool at_line_end() const {
    if (at_end()) return true;
    if (text_[pos_] == '\n') return true;
    return text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n');
  }

  void consume_line_end() {
    if (!at_end() && text_[pos_] == '\r') ++pos_;
    if (!at_end() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }

  void skip_rest_of_line() {
    while (!at_line_end()) ++pos_;
    consume_line_end();
  }

  // Returns whether anything was skipped.
  bool skip_blanks() {
    const std::size_t start = pos_;
    while (!at_end() && is_blank(text_[pos_])) ++pos_;
    return pos_ != start;
  }

  [[noreturn]] void fail(std::string problem) const { fail_at(line_, std::move(problem)); }
  [[noreturn]] static void fail_at(std::size_t line, std::string problem) {
    throw DotenvError(line, std::move(problem));
  }

  void parse_line() {
    skip_blanks();
    if (at_line_end()) return consume_line_end();
    if (text_[pos_] == '#') return skip_rest_of_line();

    if (text_.substr(pos_).starts_with("export") && pos_ + 6 < text_.size() &&
        is_blank(text_[pos_ + 6])) {
      pos_ += 6;
      skip_blanks();
    }
    std::string key = parse_key();
    skip_blanks();
    if (at_line_end() || text_[pos_] != '=') fail("expected '=' after \"" + key + "\"");
    ++pos_;
    const bool blank_before_value = skip_blanks();
    std::string value = parse_value(blank_before_value);
    store(std::move(key), std::move(value));
  }

  std::string parse_key() {
    if (at_end() || !is_key_start(text_[pos_]))
      fail("expected a variable name (letters, digits and '_', not starting with a digit)");
    const std::size_t start = pos_;
    while (!at_end() && is_key_char(text_[pos_])) ++pos_;
    std::string key(text_.substr(start, pos_ - start));
    if (!at_end() && !is_blank(text_[pos_]) && text_[pos_] != '=' && !at_line_end())
      fail("invalid character after \"" + key +
           "\" in a variable name (allowed: letters, digits and '_')");
    return key;
  }

  std::string parse_value(bool blank_before_value) {
    if (at_line_end()) {
      consume_line_end();
      return {};
    }
    std::string value;
    if (text_[pos_] == '\'') {
      value = parse_quoted('\'');
    } else if (text_[pos_] == '"') {
      value = parse_quoted('"');
    } else {
      return parse_unquoted(blank_before_value);
    }
    skip_blanks();
    if (at_line_end()) {
      consume_line_end();
    } else if (text_[pos_] == '#') {
      skip_rest_of_line();
    } else {
      fail("unexpected text after the closing quote");
    }
    return value;
  }

  std::string parse_unquoted(bool blank_before_value) {
    const std::size_t start = pos_;
    std::size_t end = start;
    while (!at_line_end()) {
      const bool comment =
          text_[pos_] == '#' && (pos_ == start ? blank_before_value : is_blank(text_[pos_ - 1]));
      if (comment) break;
      ++pos_;
      end = pos_;
    }
    skip_rest_of_line();
    while (end > start && (is_blank(text_[end - 1]) || text_[end - 1] == '\r')) --end;
    return std::string(text_.substr(start, end - start));
  }

  // pos_ is on the opening quote. Both kinds may span lines; only '"' has escapes.
  std::string parse_quoted(char quote) {
    const std::size_t start_line = line_;
    const char* kind = quote == '"' ? "double-quoted" : "single-quoted";
    ++pos_;
    std::string out;
    for (;;) {
      if (at_end()) fail_at(start_line, std::string("unterminated ") + kind + " value");
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return out;
      }
      if (c == '\\' && quote == '"' && pos_ + 1 < text_.size()) {
        if (const char decoded = unescape(text_[pos_ + 1]); decoded != 0) {
          out.push_back(decoded);
          pos_ += 2;
          continue;
        }
      }
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
        ++pos_;  // store line breaks as "\n" whatever the file uses
        continue;
      }
      if (c == '\n') ++line_;
      out.push_back(c);
      ++pos_;
    }
  }

  // 0 for an unknown escape, which is kept as written (backslash included).
  static char unescape(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\'':
        return '\'';
      case '\\':
        return '\\';
      default:
        return 0;
    }
  }

  void store(std::string key, std::string value) {
    const auto [it, inserted] = index_.try_emplace(key, entries_.size());
    if (inserted) {
      entries_.emplace_back(std::move(key), std::move(value));
    } else {
      entries_[it->second].second = std::move(value);
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  DotenvEntries entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

DotenvEntries parse_dotenv(std::string_view text) {
  return DotenvParser(text).run();
}

}  // namespace tessera::core
