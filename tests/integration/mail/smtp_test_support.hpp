#pragma once
// Connecting the tests to the SMTP sink of scripts/services (aiosmtpd writing every message
// it accepts into a Maildir), and finding a message there.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "mail/quoted_printable.hpp"
#include "mail/smtp_client.hpp"

namespace tessera::mail::testing {

inline std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    ADD_FAILURE() << name
                  << " is not set: run the tests through scripts/test (it starts the SMTP sink)";
    return {};
  }
  return value;
}

inline SmtpOptions sink_options() {
  SmtpOptions options;
  options.host = env_or_fail("SMTP_HOST");
  const std::string port = env_or_fail("SMTP_PORT");
  options.port = static_cast<std::uint16_t>(port.empty() ? 0 : std::stoi(port));
  options.timeout = std::chrono::seconds(10);
  return options;
}

// A recipient no other test uses, so that its message is found by its address alone.
inline std::string unique_address() {
  return "user-" + core::Uuid::random().str() + "@example.com";
}

// The first message in $SMTP_MAILDIR/new that contains `needle`, as stored; empty (and a
// test failure) when none arrives within `timeout`. The sink stores a message before it
// answers 250, so waiting only covers a slow file system.
inline std::string wait_for_mail(std::string_view needle,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const std::filesystem::path dir = std::filesystem::path(env_or_fail("SMTP_MAILDIR")) / "new";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      if (content.str().find(needle) != std::string::npos) return content.str();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  ADD_FAILURE() << "no message containing '" << needle << "' arrived in " << dir;
  return {};
}

// The stored message's body (after the first blank line), quoted-printable decoded: the
// Maildir keeps the lines as sent, with "\n" endings.
inline std::string decoded_body(const std::string& stored) {
  const auto blank = stored.find("\n\n");
  return blank == std::string::npos ? std::string()
                                    : quoted_printable_decode(stored.substr(blank + 2));
}

}  // namespace tessera::mail::testing
