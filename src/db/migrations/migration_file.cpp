#include "db/migrations/migration_file.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "core/uuid.hpp"

namespace tessera::db::migrations {

MigrationFileError::MigrationFileError(std::string file, std::size_t line, std::string problem)
    : MigrationError(file + ":" + std::to_string(line) + ": " + problem),
      file_(std::move(file)),
      line_(line),
      problem_(std::move(problem)) {}

namespace {

constexpr std::string_view first_line = "-- Tessera migration";
constexpr std::string_view upgrade_marker = "-- upgrade";
constexpr std::string_view downgrade_marker = "-- downgrade";
constexpr std::string_view id_rule = "12 lower-case hexadecimal digits";
constexpr std::array<std::string_view, 4> header_keys{"revision", "down_revision", "message",
                                                      "created"};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  text = trim_end(text);
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  return text;
}

bool is_marker(std::string_view line) {
  const std::string_view text = trim_end(line);
  return text == upgrade_marker || text == downgrade_marker;
}

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return true;
  }
  return false;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t newline; (newline = text.find('\n', start)) != std::string_view::npos;) {
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  lines.push_back(text.substr(start));
  return lines;
}

// The SQL between two lines: leading blank lines and trailing blanks dropped.
std::string section_body(std::string_view text) {
  std::size_t start = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '\n') {
      start = pos + 1;
    } else if (!is_blank(text[pos])) {
      break;
    }
  }
  text.remove_prefix(std::min(start, text.size()));
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\n')) text.remove_suffix(1);
  return std::string(text);
}

std::string quoted(std::string_view value) {
  constexpr std::size_t shown = 40;
  return "\"" + std::string(value.substr(0, shown)) + (value.size() > shown ? "...\"" : "\"");
}

class MigrationParser {
 public:
  MigrationParser(std::string_view text, std::string_view filename)
      : lines_(split_lines(text)), filename_(filename) {}

  MigrationFile run() {
    file_.filename = filename_;
    if (!lines_.empty() && lines_[0].starts_with("\xEF\xBB\xBF")) lines_[0].remove_prefix(3);
    if (trim_end(lines_[0]) != first_line) {
      fail(1, "the first line must be \"" + std::string(first_line) + "\"");
    }
    std::size_t index = 1;
    while (index < lines_.size() && !trim(lines_[index]).empty() && !is_marker(lines_[index])) {
      parse_header_line(index);
      ++index;
    }
    check_header(index);
    parse_sections(index);
    return std::move(file_);
  }

 private:
  [[noreturn]] void fail(std::size_t line, std::string problem) const {
    throw MigrationFileError(std::string(filename_), line, std::move(problem));
  }

  // "-- key: value"
  void parse_header_line(std::size_t index) {
    const std::size_t line = index + 1;
    const std::string_view text = trim_end(lines_[index]);
    const std::size_t colon = text.find(':');
    if (!text.starts_with("-- ") || colon == std::string_view::npos) {
      fail(line, "expected a header line \"-- key: value\" or a blank line");
    }
    const std::string_view key = text.substr(3, colon - 3);
    const std::string_view value = trim(text.substr(colon + 1));
    if (std::find(header_keys.begin(), header_keys.end(), key) == header_keys.end()) {
      fail(line, "unknown header key " + quoted(key) +
                     " (expected revision, down_revision, message or created)");
    }
    if (const auto [it, added] = key_lines_.emplace(std::string(key), line); !added) {
      fail(line, "header key " + std::string(key) + " repeated (first on line " +
                     std::to_string(it->second) + ")");
    }
    if (has_control_character(value)) fail(line, "control character in " + std::string(key));
    set_header(line, key, value);
  }

  void set_header(std::size_t line, std::string_view key, std::string_view value) {
    if (key == "revision") {
      if (!is_revision_id(value)) {
        fail(line, "bad revision id " + quoted(value) + " (expected " + std::string(id_rule) + ")");
      }
      file_.revision = value;
    } else if (key == "down_revision") {
      if (value != "none" && !is_revision_id(value)) {
        fail(line, "bad down_revision " + quoted(value) + " (expected none or " +
                       std::string(id_rule) + ")");
      }
      if (value != "none") file_.down_revision = std::string(value);
    } else if (key == "message") {
      file_.message = value;
    } else if (!core::parse_rfc3339(value)) {
      fail(line, "bad created time " + quoted(value) + " (expected RFC 3339, e.g. " +
                     "2026-11-25T10:00:00Z)");
    } else {
      file_.created = std::string(value);
    }
  }

  // `end` is the index of the first line after the header (a missing key is reported there).
  void check_header(std::size_t end) const {
    const std::size_t line = end < lines_.size() ? end + 1 : lines_.size();
    for (const char* key : {"revision", "down_revision", "message"}) {
      if (!key_lines_.contains(key)) {
        fail(line, std::string("missing header line \"-- ") + key + ": ...\"");
      }
    }
    if (file_.down_revision == file_.revision) {
      fail(key_lines_.at("down_revision"), "revision " + file_.revision + " cannot follow itself");
    }
  }

  void parse_sections(std::size_t index) {
    std::size_t upgrade_line = 0;
    std::size_t downgrade_line = 0;
    for (; index < lines_.size(); ++index) {
      const std::size_t line = index + 1;
      const std::string_view text = trim_end(lines_[index]);
      if (text == upgrade_marker) {
        if (upgrade_line != 0) {
          fail(line,
               "second \"-- upgrade\" line (first on line " + std::to_string(upgrade_line) + ")");
        }
        upgrade_line = line;
      } else if (text == downgrade_marker) {
        if (downgrade_line != 0) {
          fail(line, "second \"-- downgrade\" line (first on line " +
                         std::to_string(downgrade_line) + ")");
        }
        if (upgrade_line == 0) fail(line, "\"-- downgrade\" before \"-- upgrade\"");
        downgrade_line = line;
      } else if (upgrade_line == 0 && !text.empty() && !text.starts_with("--")) {
        fail(line, "SQL before the \"-- upgrade\" line");
      }
    }
    if (upgrade_line == 0) fail(lines_.size(), "no \"-- upgrade\" line");
    if (downgrade_line == 0) fail(lines_.size(), "no \"-- downgrade\" line");
    file_.upgrade_sql = section_body(between(upgrade_line, downgrade_line));
    file_.downgrade_sql = section_body(between(downgrade_line, lines_.size() + 1));
  }

  // The text of the lines strictly between two 1-based line numbers.
  std::string between(std::size_t first, std::size_t last) const {
    std::string text;
    for (std::size_t line = first + 1; line < last; ++line) {
      text += lines_[line - 1];
      if (line + 1 < last) text += '\n';
    }
    return text;
  }

  std::vector<std::string_view> lines_;
  std::string_view filename_;
  std::map<std::string, std::size_t, std::less<>> key_lines_;
  MigrationFile file_;
};

void check_renderable(const MigrationFile& file) {
  const auto refuse = [&](const std::string& problem) {
    throw MigrationError("cannot write migration " + file.revision + ": " + problem);
  };
  if (!is_revision_id(file.revision)) {
    refuse("bad revision id (expected " + std::string(id_rule) + ")");
  }
  if (file.down_revision && !is_revision_id(*file.down_revision)) refuse("bad down_revision");
  if (file.down_revision == file.revision) refuse("it cannot follow itself");
  if (has_control_character(file.message)) refuse("the message must be one line");
  if (file.created &&
      (has_control_character(*file.created) || !core::parse_rfc3339(*file.created))) {
    refuse("bad created time");
  }
  for (const std::string* sql : {&file.upgrade_sql, &file.downgrade_sql}) {
    for (const std::string_view line : split_lines(*sql)) {
      if (is_marker(line)) {
        refuse("a line of its SQL reads \"" + std::string(trim_end(line)) + "\"");
      }
    }
  }
}

}  // namespace

MigrationFile parse_migration(std::string_view text, std::string_view filename) {
  return MigrationParser(text, filename).run();
}

std::string render_migration(const MigrationFile& file) {
  check_renderable(file);
  std::string text = std::string(first_line) + "\n-- revision: " + file.revision +
                     "\n-- down_revision: " + file.down_revision.value_or("none") + "\n-- message:";
  const std::string_view message = trim(file.message);
  if (!message.empty()) text += " " + std::string(message);
  text += "\n";
  if (file.created) text += "-- created: " + *file.created + "\n";
  for (const auto& [marker, sql] : {std::pair{upgrade_marker, &file.upgrade_sql},
                                    std::pair{downgrade_marker, &file.downgrade_sql}}) {
    text += "\n" + std::string(marker) + "\n";
    const std::string body = section_body(*sql);
    if (!body.empty()) text += body + "\n";
  }
  return text;
}

MigrationFile new_migration(std::string_view message, std::optional<std::string> down_revision,
                            std::string_view upgrade_sql, std::string_view downgrade_sql,
                            core::Timestamp created) {
  MigrationFile file;
  file.revision = new_revision_id();
  file.down_revision = std::move(down_revision);
  for (const char c : message) {
    const bool space = c == ' ' || c == '\t' || has_control_character(std::string_view(&c, 1));
    if (space && (file.message.empty() || file.message.back() == ' ')) continue;
    file.message += space ? ' ' : c;
  }
  if (!file.message.empty() && file.message.back() == ' ') file.message.pop_back();
  file.created = core::format_rfc3339(std::chrono::floor<std::chrono::seconds>(created));
  file.upgrade_sql = section_body(upgrade_sql);
  file.downgrade_sql = section_body(downgrade_sql);
  return file;
}

std::string new_revision_id() {
  constexpr std::string_view digits = "0123456789abcdef";
  const auto bytes = core::Uuid::random().bytes();
  std::string id;
  for (std::size_t i = 0; i < 6; ++i) {  // bytes 0-5 carry no version or variant bits
    id += digits[bytes[i] >> 4];
    id += digits[bytes[i] & 0x0f];
  }
  return id;
}

bool is_revision_id(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string slug(std::string_view message) {
  constexpr std::size_t max_size = 40;
  std::string out;
  for (const char c : message) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  if (out.size() > max_size) {
    const bool cut_in_word = out[max_size] != '_';
    out.resize(max_size);
    const std::size_t last_break = out.rfind('_');
    if (cut_in_word && last_break != std::string::npos) out.resize(last_break);
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string migration_filename(const MigrationFile& file) {
  const std::string name = slug(file.message);
  return file.revision + (name.empty() ? "" : "_" + name) + ".sql";
}

}  // namespace tessera::db::migrations
