// The SMTP client against the sink of scripts/services (aiosmtpd): what it delivers lands in
// the Maildir as sent; a closed port, a silent server and a 5xx reply fail the way the
// worker's retry policy needs.

#include "mail/smtp_client.hpp"

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mail/smtp_test_support.hpp"
#include "mail/templates.hpp"

namespace tessera::mail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::decoded_body;
using testing::sink_options;
using testing::unique_address;
using testing::wait_for_mail;

constexpr std::string_view link =
    "http://127.0.0.1:8000/api/v1/auth/"
    "verify-email?token=Zm9vYmFyYmF6cXV4LXRva2VuLXRoYXQtaXMtbG9uZw";

// A TCP port that accepts connections (the kernel completes the handshake) and never says a
// word: an SMTP server that hangs.
class SilentServer {
 public:
  SilentServer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  std::uint16_t port() const { return port_; }

  // True once a client has connected (it waits in the backlog, for a greeting that never
  // comes), false when none has within `timeout`.
  bool wait_for_client(std::chrono::milliseconds timeout) const {
    pollfd listening{.fd = fd_, .events = POLLIN, .revents = 0};
    return ::poll(&listening, 1, static_cast<int>(timeout.count())) == 1;
  }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

TEST(SmtpClient, DeliversAVerificationEmail) {
  const std::string to = unique_address();
  const EmailMessage message = verification_email("noreply@localhost", to, link, 48h);
  SmtpClient(sink_options()).send(message);

  const std::string stored = wait_for_mail(to);
  EXPECT_NE(stored.find("To: " + to + "\n"), std::string::npos) << stored;
  EXPECT_NE(stored.find("From: noreply@localhost\n"), std::string::npos);
  EXPECT_NE(stored.find("Subject: " + message.subject + "\n"), std::string::npos);
  EXPECT_NE(stored.find("X-RcptTo: " + to), std::string::npos);  // the envelope, as the sink saw it
  EXPECT_NE(stored.find("X-MailFrom: noreply@localhost"), std::string::npos);
  EXPECT_NE(stored.find("Content-Type: multipart/alternative"), std::string::npos);
  const std::string body = decoded_body(stored);
  EXPECT_NE(body.find(std::string(link) + "\n"), std::string::npos) << body;  // the text part
  EXPECT_NE(body.find("href=\"" + std::string(link) + "\""), std::string::npos);
  EXPECT_EQ(stored.find(link), std::string::npos) << "the link should be quoted-printable";
}

TEST(SmtpClient, DeliversANonAsciiSubjectAndBody) {
  const std::string to = unique_address();
  SmtpClient(sink_options())
      .send(
          EmailMessage{"noreply@localhost", to, "Grüße von Tessera", "Grüße, 東京 🙂\n", ""});
  const std::string stored = wait_for_mail(to);
  EXPECT_NE(stored.find("Subject: =?UTF-8?B?"), std::string::npos) << stored;
  EXPECT_NE(decoded_body(stored).find("Grüße, 東京 🙂"), std::string::npos) << stored;
}

TEST(SmtpClient, AClosedPortIsATransientErrorAtOnce) {
  SmtpOptions options = sink_options();
  options.timeout = 60s;  // "at once": far sooner than that
  options.port = 1;
  options.user = "mailer";
  options.password = "hunter2-secret";
  const auto start = Clock::now();
  try {
    SmtpClient(options).send(verification_email("noreply@localhost", unique_address(), link, 1h));
    FAIL() << "sent to a closed port";
  } catch (const SmtpError& e) {
    EXPECT_FALSE(e.permanent()) << e.what();
    EXPECT_EQ(e.reply_code(), 0);
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(":1"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - start, 20s);
}

TEST(SmtpClient, ASilentServerTimesOutAsATransientError) {
  SilentServer server;
  SmtpOptions options = sink_options();
  options.port = server.port();
  options.timeout = 300ms;
  const auto start = Clock::now();
  try {
    SmtpClient(options).send(verification_email("noreply@localhost", unique_address(), link, 1h));
    FAIL() << "a silent server took the message";
  } catch (const SmtpError& e) {
    EXPECT_FALSE(e.permanent()) << e.what();
  }
  EXPECT_GE(Clock::now() - start, 250ms);
  EXPECT_LT(Clock::now() - start, 10s);  // its own timeout, not the 30 s default
}

TEST(SmtpClient, AStopRequestAbortsAHangingExchange) {
  SilentServer server;
  SmtpOptions options = sink_options();
  options.port = server.port();
  options.timeout = 60s;
  std::stop_source stop;
  std::atomic<bool> hanging{false};
  std::atomic<Clock::rep> stopped_at{0};
  // Stops the exchange once it hangs: connected, waiting for the greeting.
  std::jthread stopper([&] {
    hanging = server.wait_for_client(30s);
    stopped_at = Clock::now().time_since_epoch().count();
    stop.request_stop();
  });
  try {
    SmtpClient(options).send(verification_email("noreply@localhost", unique_address(), link, 1h),
                             stop.get_token());
    FAIL() << "a silent server took the message";
  } catch (const SmtpError& e) {
    EXPECT_FALSE(e.permanent()) << e.what();
    EXPECT_NE(std::string(e.what()).find("stop"), std::string::npos) << e.what();
  }
  const auto ended = Clock::now();
  stopper.join();
  EXPECT_TRUE(hanging) << "the client never connected";
  EXPECT_LT(ended - Clock::time_point(Clock::duration(stopped_at.load())), 20s);  // not its timeout
}

// The sink speaks strict ASCII (no SMTPUTF8) and answers a non-ASCII MAIL FROM with "500
// Error: strict ASCII mode": a refusal that will never change.
TEST(SmtpClient, A5xxReplyIsPermanent) {
  try {
    SmtpClient(sink_options())
        .send(EmailMessage{"josé@example.com", unique_address(), "Hi", "Hi", ""});
    FAIL() << "the sink took a non-ASCII sender";
  } catch (const SmtpError& e) {
    EXPECT_TRUE(e.permanent()) << e.what();
    EXPECT_GE(e.reply_code(), 500) << e.what();
  }
}

TEST(SmtpClient, RefusesAHostThatCannotGoIntoAUrl) {
  SmtpOptions options;
  options.host = "evil.example/path";
  EXPECT_THROW(SmtpClient{options}, std::invalid_argument);
  options.host = "";
  EXPECT_THROW(SmtpClient{options}, std::invalid_argument);
}

}  // namespace
}  // namespace tessera::mail
