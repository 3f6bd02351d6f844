#include "db/migrations/normalize.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include "core/ascii.hpp"

namespace tessera::db::migrations {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether a blank between `before` and `after` is dropped: "numeric( 10 , 2 )" ->
// "numeric(10,2)", "now ()" -> "now()", "a :: text" -> "a::text". Blanks after ")" and
// around operators stay: "timestamp(3) with time zone", "(a) + (b)".
bool drops_blank(char before, char after) {
  if (before == '(' || before == '[' || before == ',' || before == ':') return true;
  if (after == ')' || after == ']' || after == ',' || after == ':') return true;
  return after == '(' && is_identifier_char(before);
}

// Where a dollar quote's opening tag ("$$", "$body$") starting at text[pos] ends, or npos
// ("a$b" is an identifier).
std::size_t dollar_tag_end(std::string_view text, std::size_t pos) {
  if (pos > 0 && is_identifier_char(text[pos - 1])) return std::string_view::npos;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '$') return i + 1;
    const bool digit = c >= '0' && c <= '9';
    if (!is_identifier_char(c) || (digit && i == pos + 1)) return std::string_view::npos;
  }
  return std::string_view::npos;
}

// Copies a quoted literal or identifier starting at text[pos] ('...', "...", $tag$...$tag$;
// a doubled quote is part of it) and returns the position after it. An unterminated quote
// runs to the end; a '$' that opens no quote is copied alone.
std::size_t copy_quoted(std::string_view text, std::size_t pos, std::string& out) {
  const char quote = text[pos];
  if (quote == '$') {
    const std::size_t tag_end = dollar_tag_end(text, pos);
    if (tag_end == std::string_view::npos) {
      out += quote;
      return pos + 1;
    }
    const std::string_view tag = text.substr(pos, tag_end - pos);
    const std::size_t close = text.find(tag, tag_end);
    const std::size_t end = close == std::string_view::npos ? text.size() : close + tag.size();
    out += text.substr(pos, end - pos);
    return end;
  }
  out += text[pos++];
  while (pos < text.size()) {
    out += text[pos];
    if (text[pos++] != quote) continue;
    if (pos < text.size() && text[pos] == quote) {
      out += text[pos++];
      continue;
    }
    break;
  }
  return pos;
}

bool is_quote(char c) {
  return c == '\'' || c == '"' || c == '$';
}

// Lower-cases outside quotes and collapses blanks to one space, or none beside punctuation.
std::string canonical_sql(std::string_view text) {
  std::string out;
  bool pending_blank = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (is_blank(c)) {
      pending_blank = true;
      ++pos;
      continue;
    }
    if (pending_blank && !out.empty() && !drops_blank(out.back(), c)) out += ' ';
    pending_blank = false;
    if (is_quote(c)) {
      pos = copy_quoted(text, pos, out);
    } else {
      out += core::ascii_lower(c);
      ++pos;
    }
  }
  return out;
}

// Skips a quoted part or one character; returns the next position and keeps the depth of
// parentheses outside quotes.
std::size_t scan_step(std::string_view text, std::size_t pos, int& depth) {
  const char c = text[pos];
  if (is_quote(c)) {
    std::string ignored;
    return copy_quoted(text, pos, ignored);
  }
  if (c == '(') ++depth;
  if (c == ')') --depth;
  return pos + 1;
}

// "(x)" -> "x" while the outer parentheses enclose everything.
std::string_view strip_outer_parentheses(std::string_view text) {
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    int depth = 0;
    std::size_t pos = 0;
    bool encloses = true;
    while (pos < text.size()) {
      pos = scan_step(text, pos, depth);
      if (depth == 0 && pos < text.size()) {
        encloses = false;
        break;
      }
    }
    if (!encloses) break;
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

// Where a whole-text quoted literal ends ("'a''b'" -> 6), or npos if the text does not
// start with one.
std::size_t literal_end(std::string_view text) {
  if (text.empty() || text.front() != '\'') return std::string_view::npos;
  std::string ignored;
  return copy_quoted(text, 0, ignored);
}

bool is_numeric_literal(std::string_view text) {
  std::size_t pos = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
  bool digits = false;
  bool dot = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

bool is_numeric_type(std::string_view type) {
  for (const std::string_view base :
       {"smallint", "integer", "bigint", "numeric", "real", "double precision"}) {
    if (type == base || (type.starts_with(base) && type.substr(base.size()).starts_with("("))) {
      return true;
    }
  }
  return false;
}

std::string_view without_modifier(std::string_view type) {
  return type.substr(0, type.find('('));
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> type_aliases{{
    {"character varying", "varchar"},
    {"character", "char"},
    {"bpchar", "char"},
    {"int", "integer"},
    {"int4", "integer"},
    {"int8", "bigint"},
    {"int2", "smallint"},
    {"bool", "boolean"},
    {"float8", "double precision"},
    {"float4", "real"},
    {"decimal", "numeric"},
    {"timestamp with time zone", "timestamptz"},
    {"timestamp without time zone", "timestamp"},
    {"time with time zone", "timetz"},
    {"time without time zone", "time"},
    {"varbit", "bit varying"},
}};

std::string canonical_base(const std::string& base) {
  for (const auto& [alias, name] : type_aliases) {
    if (base == alias) return std::string(name);
  }
  return base;
}

// float(p) is real up to 24 bits of precision, double precision above and without p.
std::string float_type(std::string_view modifier) {
  int bits = 53;
  if (modifier.size() > 2) {
    const std::string_view digits = modifier.substr(1, modifier.size() - 2);
    std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  }
  return bits <= 24 ? "real" : "double precision";
}

// "\"Name\"" -> "Name"; nullopt when `text` is not one quoted identifier.
std::optional<std::string> unquoted_identifier(std::string_view text) {
  if (text.size() < 2 || text.front() != '"') return std::nullopt;
  std::string ignored;
  if (copy_quoted(text, 0, ignored) != text.size() || text.back() != '"') return std::nullopt;
  std::string name;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    name += text[i];
    if (text[i] == '"') ++i;  // a doubled quote stands for one
  }
  return name;
}

// A column name is kept as it is (the catalog quotes "Name", the declaration may not);
// anything else is an expression.
std::string index_element(const Table& table, const std::string& element) {
  if (table.find_column(element) != nullptr) return element;
  const auto name = unquoted_identifier(element);
  if (name && table.find_column(*name) != nullptr) return *name;
  return normalize_expression(element);
}

}  // namespace

std::string normalize_type(std::string_view type) {
  std::string text = canonical_sql(type);
  std::string arrays;
  while (text.ends_with("[]")) {
    arrays += "[]";
    text.resize(text.size() - 2);
  }
  // "timestamp(3) with time zone": the precision sits before the zone words.
  std::string zone;
  for (const std::string_view suffix : {" with time zone", " without time zone"}) {
    if (text.ends_with(suffix)) {
      zone = suffix;
      text.resize(text.size() - suffix.size());
    }
  }
  const std::size_t open = text.find('(');
  std::string modifier = open == std::string::npos ? "" : text.substr(open);
  const std::string written = text.substr(0, open);
  if (written == "float") return float_type(modifier) + arrays;
  const std::string base = canonical_base(written + zone);
  if (base == "char" && modifier.empty()) modifier = "(1)";  // what a bare "char" means
  return base + modifier + arrays;
}

std::string normalize_default(std::string_view sql, std::string_view type) {
  const std::string canonical = canonical_sql(sql);
  std::string_view text = strip_outer_parentheses(canonical);
  const std::string column_type = normalize_type(type);
  const std::size_t end = literal_end(text);
  if (end != std::string_view::npos && end + 2 < text.size() && text.substr(end, 2) == "::") {
    const std::string cast = normalize_type(text.substr(end + 2));
    if (cast == column_type || cast == without_modifier(column_type)) text = text.substr(0, end);
  }
  if (literal_end(text) == text.size() && text.size() >= 2 && is_numeric_type(column_type)) {
    const std::string_view inner = text.substr(1, text.size() - 2);
    if (is_numeric_literal(inner)) text = inner;
  }
  return std::string(text);
}

std::string normalize_expression(std::string_view expression) {
  const std::string canonical = canonical_sql(expression);
  return std::string(strip_outer_parentheses(canonical));
}

Table normalize(const Table& table) {
  Table out = table;
  for (auto& column : out.columns) {
    column.type = normalize_type(column.type);
    if (column.default_sql)
      column.default_sql = normalize_default(*column.default_sql, column.type);
  }
  for (auto& index : out.indexes) {
    for (auto& expression : index.expressions) expression = index_element(table, expression);
  }
  for (auto& key : out.foreign_keys) key.on_delete = referential_action(key.on_delete);
  return out;
}

SchemaModel normalize(const SchemaModel& schema) {
  SchemaModel out;
  out.tables.reserve(schema.tables.size());
  for (const auto& table : schema.tables) out.tables.push_back(normalize(table));
  return out;
}

}  // namespace tessera::db::migrations
