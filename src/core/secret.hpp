#pragma once
// A secret string (password, signing key) that cannot end up in logs or messages by
// accident: streaming or formatting it prints a mask. Read it explicitly with value().

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/core.h>

namespace tessera::core {

class Secret {
 public:
  static constexpr std::string_view mask = "**********";

  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& value() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }
  std::size_t size() const noexcept { return value_.size(); }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << mask; }

 private:
  std::string value_;
};

}  // namespace tessera::core

template <>
struct fmt::formatter<tessera::core::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const tessera::core::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(tessera::core::Secret::mask, ctx);
  }
};
