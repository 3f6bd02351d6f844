#include "db/result.hpp"

#include <charconv>
#include <cstdlib>

#include <libpq-fe.h>

#include "core/hex.hpp"
#include "db/errors.hpp"

namespace tessera::db {
namespace {

template <class T>
void decode_integer(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw_decode_error("", "not an integer");
}

}  // namespace

void throw_decode_error(std::string_view column, std::string_view problem) {
  std::string message = "cannot decode";
  if (!column.empty()) message += " column " + std::string(column);
  message += ": " + std::string(problem);
  throw DbError("XX000", message);
}

void decode_text(std::string_view text, std::string& out) {
  out.assign(text);
}

void decode_text(std::string_view text, bool& out) {
  if (text == "t")
    out = true;
  else if (text == "f")
    out = false;
  else
    throw_decode_error("", "not a boolean");
}

void decode_text(std::string_view text, std::int16_t& out) {
  decode_integer(text, out);
}
void decode_text(std::string_view text, std::int32_t& out) {
  decode_integer(text, out);
}
void decode_text(std::string_view text, std::int64_t& out) {
  decode_integer(text, out);
}

void decode_text(std::string_view text, double& out) {
  const std::string copy(text);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) throw_decode_error("", "not a number");
}

void decode_text(std::string_view text, core::Uuid& out) {
  auto id = core::Uuid::parse(text);
  if (!id) throw_decode_error("", "not a UUID");
  out = *id;
}

// PostgreSQL writes timestamptz as "2026-11-25 10:00:00.123456+00" (ISO DateStyle); the
// connection sets TimeZone=UTC, but any offset is understood.
void decode_text(std::string_view text, core::Timestamp& out) {
  std::string normalized(text);
  const auto sign = normalized.find_last_of("+-");
  if (sign != std::string::npos && sign > 10 && normalized.size() - sign == 3) normalized += ":00";
  auto parsed = core::parse_rfc3339(normalized);
  if (!parsed) throw_decode_error("", "not a timestamp");
  out = *parsed;
}

void decode_text(std::string_view text, std::vector<unsigned char>& out) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0)
    throw_decode_error("", "not a bytea in hex format");
  out.clear();
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = core::hex_value(text[i]), lo = core::hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) throw_decode_error("", "not a bytea in hex format");
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
}

Result::Result(pg_result* result) : result_(result, PQclear) {}

int Result::rows() const {
  return result_ ? PQntuples(result_.get()) : 0;
}
int Result::columns() const {
  return result_ ? PQnfields(result_.get()) : 0;
}
std::string_view Result::column_name(int column) const {
  return PQfname(result_.get(), column);
}

int Result::column_index(std::string_view name) const {
  for (int i = 0; i < columns(); ++i)
    if (column_name(i) == name) return i;
  return -1;
}

bool Result::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view Result::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::uint64_t Result::affected() const {
  if (!result_) return 0;
  const char* text = PQcmdTuples(result_.get());
  return text[0] ? std::strtoull(text, nullptr, 10) : 0;
}

std::string_view Result::command() const {
  return result_ ? PQcmdStatus(result_.get()) : "";
}

}  // namespace tessera::db
