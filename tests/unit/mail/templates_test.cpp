#include "mail/templates.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "mail/render.hpp"

namespace tessera::mail {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view link =
    "https://app.example.com/api/v1/auth/verify-email?token=abc_DEF-123";

TEST(Render, ReplacesEveryPlaceholder) {
  EXPECT_EQ(render("{{a}} and {{b}}, {{a}}!", {{"a", "one"}, {"b", "two"}}), "one and two, one!");
  EXPECT_EQ(render("no placeholders { } }}", {}), "no placeholders { } }}");
  EXPECT_EQ(render("{{a}}", {{"a", "{{b}}"}}), "{{b}}");  // values are not templates
}

TEST(Render, FailsLoudlyOnAnUnknownOrUnclosedPlaceholder) {
  EXPECT_THROW(render("Hello {{nmae}}", {{"name", "x"}}), std::invalid_argument);
  EXPECT_THROW(render("Hello {{name", {{"name", "x"}}), std::invalid_argument);
  EXPECT_THROW(render("{{}}", {{"name", "x"}}), std::invalid_argument);
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain é"), "plain é");
}

TEST(VerificationEmail, CarriesTheLinkInBothVersions) {
  const EmailMessage m = verification_email("noreply@localhost", "alice@example.com", link, 48h);
  EXPECT_EQ(m.from, "noreply@localhost");
  EXPECT_EQ(m.to, "alice@example.com");
  EXPECT_NE(m.subject.find("Tessera"), std::string::npos) << m.subject;
  EXPECT_NE(m.text.find(link), std::string::npos);
  EXPECT_NE(m.html.find("href=\"" + std::string(link) + "\""), std::string::npos);
  EXPECT_NE(m.text.find("48 hours"), std::string::npos);
  EXPECT_NE(m.html.find("Tessera"), std::string::npos);
  EXPECT_EQ(m.html.find("{{"), std::string::npos);
  EXPECT_EQ(m.text.find("{{"), std::string::npos);
}

TEST(PasswordResetEmail, CarriesTheLinkAndItsLifetime) {
  const EmailMessage m = password_reset_email("noreply@localhost", "bob@example.com", link, 60min);
  EXPECT_NE(m.subject.find("password"), std::string::npos) << m.subject;
  EXPECT_NE(m.text.find(link), std::string::npos);
  EXPECT_NE(m.text.find("1 hour"), std::string::npos);
  EXPECT_NE(m.html.find(std::string(link)), std::string::npos);
  EXPECT_NE(password_reset_email("a@b", "c@d", link, 90min).text.find("90 minutes"),
            std::string::npos);
  EXPECT_NE(password_reset_email("a@b", "c@d", link, 1min).text.find("1 minute "),
            std::string::npos);
}

TEST(Templates, EscapeTheLinkInHtml) {
  const std::string tricky = R"(https://x.example/?a=1&b="><script>alert(1)</script>)";
  const EmailMessage m = verification_email("a@b", "c@d", tricky, 1h);
  EXPECT_EQ(m.html.find("<script>"), std::string::npos);
  EXPECT_EQ(m.html.find("\"><"), std::string::npos);
  EXPECT_NE(m.html.find("href=\"" + html_escape(tricky) + "\""), std::string::npos);
  EXPECT_NE(m.html.find("?a=1&amp;b=&quot;&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(m.text.find(tricky), std::string::npos);  // the text version is not HTML
}

TEST(Templates, RefuseALinkThatIsNotHttpOrALifetimeThatIsNotPositive) {
  EXPECT_THROW(verification_email("a@b", "c@d", "javascript:alert(1)", 1h), std::invalid_argument);
  EXPECT_THROW(verification_email("a@b", "c@d", "https://x/ y", 1h), std::invalid_argument);
  EXPECT_THROW(verification_email("a@b", "c@d", "https://x/\r\ny", 1h), std::invalid_argument);
  EXPECT_THROW(verification_email("a@b", "c@d", link, 0h), std::invalid_argument);
  EXPECT_THROW(password_reset_email("a@b", "c@d", link, -5min), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::mail
