#include "mail/email_message.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mail/quoted_printable.hpp"

namespace tessera::mail {
namespace {

using namespace std::chrono;

// A header block and a body, split the way a mail reader splits them.
struct Entity {
  std::map<std::string, std::string> headers;  // names as written; folded lines unfolded
  std::string body;
};

Entity parse_entity(const std::string& text) {
  Entity entity;
  const auto end = text.find("\r\n\r\n");
  if (end == std::string::npos) throw std::runtime_error("no blank line after the headers");
  std::string last;
  std::size_t start = 0;
  while (start < end + 2) {
    const auto eol = text.find("\r\n", start);
    const std::string line = text.substr(start, eol - start);
    if (line.starts_with(" ") || line.starts_with("\t")) {
      entity.headers.at(last) += line;  // a continuation line
    } else {
      const auto colon = line.find(": ");
      if (colon == std::string::npos) throw std::runtime_error("not a header: " + line);
      last = line.substr(0, colon);
      if (!entity.headers.emplace(last, line.substr(colon + 2)).second)
        throw std::runtime_error("header twice: " + last);
    }
    start = eol + 2;
  }
  entity.body = text.substr(end + 4);
  return entity;
}

// The parts of a multipart body (RFC 2046 5.1.1); the CRLF before a delimiter is the
// delimiter's, not the part's.
std::vector<Entity> parse_parts(const std::string& body, const std::string& boundary) {
  const std::string first = "--" + boundary + "\r\n";
  const std::string next = "\r\n--" + boundary + "\r\n";
  const std::string last = "\r\n--" + boundary + "--\r\n";
  if (!body.starts_with(first))
    throw std::runtime_error("the body does not open with the boundary");
  if (!body.ends_with(last)) throw std::runtime_error("the body does not close with the boundary");
  const std::string inner = body.substr(first.size(), body.size() - first.size() - last.size());
  std::vector<Entity> parts;
  std::size_t start = 0;
  for (auto pos = inner.find(next);; pos = inner.find(next, start)) {
    parts.push_back(parse_entity(inner.substr(start, pos - start)));
    if (pos == std::string::npos) break;
    start = pos + next.size();
  }
  return parts;
}

std::string boundary_of(const std::string& content_type) {
  const std::string prefix = "multipart/alternative; boundary=\"";
  if (!content_type.starts_with(prefix) || !content_type.ends_with('"'))
    throw std::runtime_error("not multipart/alternative with a quoted boundary: " + content_type);
  return content_type.substr(prefix.size(), content_type.size() - prefix.size() - 1);
}

EmailMessage sample() {
  return EmailMessage{
      "noreply@localhost", "alice@example.com", "Hello Alice",
      "Hi Alice,\nopen https://x.example/v?token=abc\n",
      "<p>Hi Alice,</p>\n<p><a href=\"https://x.example/v?token=abc\">open</a></p>\n"};
}

const core::Timestamp date = sys_days{2026y / November / 25} + 10h + 4min + 5s + 123us;

TEST(MailDate, IsRfc5322InUtc) {
  EXPECT_EQ(format_mail_date(date), "Wed, 25 Nov 2026 10:04:05 +0000");
  EXPECT_EQ(format_mail_date(sys_days{2024y / February / 29}), "Thu, 29 Feb 2024 00:00:00 +0000");
  EXPECT_EQ(format_mail_date(sys_days{1970y / January / 1} - 1s),
            "Wed, 31 Dec 1969 23:59:59 +0000");
}

TEST(MessageId, IsUniqueAtTheSendersDomain) {
  const std::string id = new_message_id("noreply@mail.example.com");
  EXPECT_TRUE(id.ends_with("@mail.example.com")) << id;
  EXPECT_NE(id, new_message_id("noreply@mail.example.com"));
  EXPECT_TRUE(new_message_id("x@bücher.example").ends_with("@tessera.localhost"));
}

TEST(RenderMime, WritesTheHeadersAndTwoQuotedPrintableAlternatives) {
  const std::string mime = render_mime(sample(), date, "1234@localhost");
  for (std::size_t pos = mime.find('\n'); pos != std::string::npos; pos = mime.find('\n', pos + 1))
    ASSERT_EQ(mime[pos - 1], '\r') << "a bare LF at " << pos;

  const Entity message = parse_entity(mime);
  EXPECT_EQ(message.headers.at("Date"), "Wed, 25 Nov 2026 10:04:05 +0000");
  EXPECT_EQ(message.headers.at("From"), "noreply@localhost");
  EXPECT_EQ(message.headers.at("To"), "alice@example.com");
  EXPECT_EQ(message.headers.at("Subject"), "Hello Alice");
  EXPECT_EQ(message.headers.at("Message-ID"), "<1234@localhost>");
  EXPECT_EQ(message.headers.at("MIME-Version"), "1.0");
  EXPECT_EQ(message.headers.size(), 7u);

  const std::string boundary = boundary_of(message.headers.at("Content-Type"));
  EXPECT_GE(boundary.size(), 20u);
  const auto parts = parse_parts(message.body, boundary);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(parts[1].headers.at("Content-Type"), "text/html; charset=UTF-8");
  for (const Entity& part : parts) {
    EXPECT_EQ(part.headers.at("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(part.headers.size(), 2u);
  }
  EXPECT_EQ(quoted_printable_decode(parts[0].body),
            "Hi Alice,\r\nopen https://x.example/v?token=abc\r\n");
  EXPECT_EQ(parts[0].body, "Hi Alice,\r\nopen https://x.example/v?token=3Dabc\r\n");
  EXPECT_EQ(quoted_printable_decode(parts[1].body),
            "<p>Hi Alice,</p>\r\n<p><a href=\"https://x.example/v?token=abc\">open</a></p>\r\n");
}

TEST(RenderMime, UsesARandomBoundaryThatQuotedPrintableCannotProduce) {
  const auto boundary = [](const std::string& mime) {
    return boundary_of(parse_entity(mime).headers.at("Content-Type"));
  };
  const std::string a = boundary(render_mime(sample(), date, "a@b"));
  EXPECT_NE(a, boundary(render_mime(sample(), date, "a@b")));
  EXPECT_TRUE(a.starts_with("=_")) << a;
  EmailMessage tricky = sample();
  tricky.text = "--" + a + "\n--" + a + "--\n";  // the boundary itself, in the text
  const Entity message = parse_entity(render_mime(tricky, date, "a@b"));
  const auto parts = parse_parts(message.body, boundary_of(message.headers.at("Content-Type")));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(quoted_printable_decode(parts[0].body), "--" + a + "\r\n--" + a + "--\r\n");
}

TEST(RenderMime, EncodesANonAsciiSubject) {
  EmailMessage message = sample();
  message.subject = "Grüße";
  EXPECT_EQ(parse_entity(render_mime(message, date, "a@b")).headers.at("Subject"),
            "=?UTF-8?B?R3LDvMOfZQ==?=");
}

TEST(RenderMime, SendsTextAloneWhenThereIsNoHtml) {
  EmailMessage message = sample();
  message.html.clear();
  const Entity entity = parse_entity(render_mime(message, date, "a@b"));
  EXPECT_EQ(entity.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(entity.headers.at("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(quoted_printable_decode(entity.body),
            "Hi Alice,\r\nopen https://x.example/v?token=abc\r\n");
}

TEST(RenderMime, RefusesHeaderInjection) {
  for (const std::string evil :
       {"Hi\r\nBcc: victim@example.com", "Hi\nBcc: v@example.com", "Hi\rBcc: v@example.com"}) {
    EmailMessage message = sample();
    message.subject = evil;
    EXPECT_THROW(render_mime(message, date, "a@b"), std::invalid_argument) << evil;
  }
  EmailMessage message = sample();
  message.to = "alice@example.com\r\nBcc: victim@example.com";
  EXPECT_THROW(render_mime(message, date, "a@b"), std::invalid_argument);
  message = sample();
  message.from = "noreply@localhost\nX-Evil: 1";
  EXPECT_THROW(render_mime(message, date, "a@b"), std::invalid_argument);
  EXPECT_THROW(render_mime(sample(), date, "a@b>\r\nBcc: v@example.com"), std::invalid_argument);
}

TEST(RenderMime, RefusesImplausibleAddressesAndMessageIds) {
  for (const std::string bad :
       {"", "alice", "alice@", "@example.com", "a@b@c", "Alice <alice@example.com>",
        "alice@example.com, bob@example.com"}) {
    EmailMessage message = sample();
    message.to = bad;
    EXPECT_THROW(render_mime(message, date, "a@b"), std::invalid_argument) << bad;
    message = sample();
    message.from = bad;
    EXPECT_THROW(render_mime(message, date, "a@b"), std::invalid_argument) << bad;
  }
  for (const std::string bad : {"", "nodomain", "<a@b>", "a b@c"})
    EXPECT_THROW(render_mime(sample(), date, bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace tessera::mail
