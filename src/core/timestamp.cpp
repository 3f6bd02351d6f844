#include "core/timestamp.hpp"

#include <cstdio>

namespace tessera::core {
namespace {

using namespace std::chrono;

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

Timestamp now() {
  return time_point_cast<microseconds>(system_clock::now());
}

std::string format_rfc3339(Timestamp t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()),
                        unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                        int(hms.minutes().count()), int(hms.seconds().count()));
  const auto micros = hms.subseconds().count();
  if (micros != 0)
    n += std::snprintf(buf + n, sizeof buf - n, ".%06lld", static_cast<long long>(micros));
  buf[n++] = 'Z';
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!read_digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
      s[7] != '-' || !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
      !read_digits(s, 17, 2, sec))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;

  std::size_t pos = 19;
  microseconds fraction{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    long long scale = 100000;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      fraction += microseconds{(s[pos] - '0') * scale};
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  minutes offset{0};
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = hours{oh} + minutes{om};
    if (s[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + fraction;
  const Timestamp utc{local - offset};
  // An offset (or a leap second on 9999-12-31) can move the time out of years 0000-9999,
  // which format_rfc3339 could not write as four digits.
  const year_month_day utc_day{floor<days>(utc)};
  if (utc_day.year() < year{0} || utc_day.year() > year{9999}) return std::nullopt;
  return utc;
}

}  // namespace tessera::core
