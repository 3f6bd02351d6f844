#pragma once
// Helpers shared by the settings tests: a fake environment and error capture.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/settings.hpp"

namespace tessera::core::settings_test {

inline const std::string key32 = "0123456789abcdef0123456789abcdef";

using Vars = std::map<std::string, std::string, std::less<>>;

inline Environment environment(Vars vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// The required settings plus `extra` (which may override them).
inline Vars with_required(const Vars& extra = {}) {
  Vars vars{{"DB_USER", "app"}, {"DB_NAME", "tessera"}, {"JWT_SECRET_KEY", key32}};
  for (const auto& [name, value] : extra) vars[name] = value;
  return vars;
}

inline const std::filesystem::path no_file = "/nonexistent/tessera/.env";

inline Settings load(const Vars& extra) {
  return load_settings(environment(with_required(extra)), no_file);
}

// The problems of the SettingsError thrown for `vars` (exactly these, nothing added).
inline std::vector<std::string> problems_for(const Vars& vars,
                                             const std::filesystem::path& file = no_file) {
  try {
    load_settings(environment(vars), file);
  } catch (const SettingsError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "no SettingsError";
  return {};
}

// The one problem of the SettingsError thrown for `vars`.
inline std::string error_for(const Vars& vars, const std::filesystem::path& file = no_file) {
  const auto problems = problems_for(vars, file);
  if (problems.size() != 1) {
    ADD_FAILURE() << "expected 1 problem, got " << ::testing::PrintToString(problems);
    return {};
  }
  return problems.front();
}

inline std::string error_for_extra(const Vars& extra) {
  return error_for(with_required(extra));
}

}  // namespace tessera::core::settings_test
