#pragma once
// A 128-bit UUID value: parsing, formatting and random (version 4) generation.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

class Uuid {
 public:
  Uuid() = default;
  explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // A new random version 4 UUID from the system's CSPRNG.
  static Uuid random();
  // A version 4 UUID from a per-thread generator seeded by the CSPRNG: unique but
  // predictable, for ids that are not secrets (request ids). No system call.
  static Uuid fast_random();
  // Accepts the canonical 8-4-4-4-12 hexadecimal form, either case.
  static std::optional<Uuid> parse(std::string_view text);

  // Lower-case canonical form.
  std::string str() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  bool is_nil() const;

  friend auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace tessera::core
