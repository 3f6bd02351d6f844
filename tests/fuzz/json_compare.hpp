#pragma once
// Comparing JSON values by content after they went through text. Boost.JSON (1.81) writes a
// double in its shortest exact form but parses numbers with a fast algorithm that is not
// correctly rounded, so a double may come back a few ulps away: at most 2 over millions of
// random doubles, normal and subnormal, measured when this was written. Nor is the text
// stable: encode(decode(encode(x))) can differ from encode(x) in the last digit, and can keep
// drifting, so comparing re-encoded text is no check. Instead doubles must come back within
// kMaxUlps (4: the measured 2 plus room for a binade edge, far below any real change of
// value) and everything else exactly: kinds, strings, integers, array order, object keys.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <boost/json/value.hpp>

namespace fuzz {

inline constexpr std::uint64_t kMaxUlps = 4;

// Distance in ulps between two finite doubles (0 for 0.0 and -0.0).
inline std::uint64_t ulp_distance(double a, double b) {
  const auto ordered = [](double d) {
    constexpr std::uint64_t sign = std::uint64_t{1} << 63;
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    // Negative doubles count down from -0.0, so the integers are ordered as the doubles are.
    return (bits & sign) != 0 ? sign - (bits & ~sign) : sign + bits;
  };
  const std::uint64_t x = ordered(a);
  const std::uint64_t y = ordered(b);
  return x > y ? x - y : y - x;
}

// Equal contents; doubles within kMaxUlps. Objects compare by key, as Boost.JSON's == does.
inline bool same_json(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double();
    const double y = b.get_double();
    if (x == y) return true;
    return std::isfinite(x) && std::isfinite(y) && ulp_distance(x, y) <= kMaxUlps;
  }
  if (a.is_array() && b.is_array()) {
    const auto& xs = a.get_array();
    const auto& ys = b.get_array();
    if (xs.size() != ys.size()) return false;
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (!same_json(xs[i], ys[i])) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const auto& xs = a.get_object();
    const auto& ys = b.get_object();
    if (xs.size() != ys.size()) return false;
    for (const auto& [key, value] : xs) {
      const boost::json::value* other = ys.if_contains(key);
      if (other == nullptr || !same_json(value, *other)) return false;
    }
    return true;
  }
  return a == b;  // int64 and uint64 of one value are equal, as after a round trip
}

// A broken round trip: says which check failed, then crashes for libFuzzer.
[[noreturn]] inline void round_trip_failed(const char* what) {
  std::fprintf(stderr, "round trip failed: %s\n", what);
  __builtin_trap();
}

}  // namespace fuzz
