#pragma once
// Sending one email to an SMTP server (libcurl). BLOCKING: it runs on the worker's thread
// pool (a blocking task), never on an I/O thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>

#include "core/settings.hpp"
#include "mail/email_message.hpp"

namespace tessera::mail {

struct SmtpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1025;
  std::optional<std::string> user, password;  // AUTH when user is set
  core::SmtpTls tls = core::SmtpTls::none;    // none, STARTTLS required, or TLS from the start
  std::chrono::milliseconds timeout{30000};   // for connecting, and for the whole exchange
};

// SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS and SMTP_TIMEOUT.
SmtpOptions smtp_options(const core::Settings& settings);

// Delivery failed. permanent(): the server refused with a 5xx reply (a 550 "mailbox
// unavailable" will never work); otherwise (connection refused, timeout, TLS, 4xx) trying
// again later may succeed. The message never holds the SMTP password.
class SmtpError : public std::runtime_error {
 public:
  SmtpError(const std::string& what, bool permanent, int reply_code = 0)
      : std::runtime_error(what), permanent_(permanent), reply_code_(reply_code) {}

  bool permanent() const noexcept { return permanent_; }
  int reply_code() const noexcept { return reply_code_; }  // the server's last reply, or 0

 private:
  bool permanent_;
  int reply_code_;
};

// Safe to share between threads: each send() has its own connection.
class SmtpClient {
 public:
  // Throws std::invalid_argument for a host that cannot go into a URL.
  explicit SmtpClient(SmtpOptions options);

  // Renders `message` (Date now, a fresh Message-ID) and hands it to the server, waiting at
  // most the timeout. A stop request aborts the exchange (a transient SmtpError), so that a
  // task past its time limit does not linger. Throws std::invalid_argument when the message
  // cannot be rendered (see render_mime) and SmtpError when delivery fails.
  void send(const EmailMessage& message, std::stop_token stop = {}) const;

  const SmtpOptions& options() const noexcept { return options_; }

 private:
  SmtpOptions options_;
  std::string url_;
};

}  // namespace tessera::mail
