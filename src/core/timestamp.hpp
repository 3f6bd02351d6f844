#pragma once
// RFC 3339 timestamps in UTC, as the API writes and reads them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

Timestamp now();
// "2026-11-25T10:00:00Z", with ".ffffff" when the value has a fraction of a second.
std::string format_rfc3339(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)"; 't'/'z' and a space separator too.
// The time in UTC must fall in years 0000-9999, so that format_rfc3339 writes it back.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace tessera::core
