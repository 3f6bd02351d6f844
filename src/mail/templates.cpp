#include "mail/templates.hpp"

#include <stdexcept>
#include <string>

#include "mail/render.hpp"

namespace tessera::mail {
namespace {

constexpr std::string_view product = "Tessera";

constexpr std::string_view verification_subject = "Verify your email address for {{product}}";

constexpr std::string_view verification_text = R"(Hello,

please confirm your email address for {{product}} by opening this link:

{{link}}

The link is valid for {{valid_for}}. If you did not create a {{product}} account, you can ignore this email.

The {{product}} team
)";

constexpr std::string_view verification_html = R"(<!DOCTYPE html>
<html>
<body style="font-family: sans-serif; line-height: 1.5;">
<p>Hello,</p>
<p>please confirm your email address for {{product}}:</p>
<p><a href="{{link}}">Verify my email address</a></p>
<p>If the button does not work, copy this link into your browser:<br>{{link}}</p>
<p>The link is valid for {{valid_for}}. If you did not create a {{product}} account, you can ignore this email.</p>
<p>The {{product}} team</p>
</body>
</html>
)";

constexpr std::string_view reset_subject = "Reset your {{product}} password";

constexpr std::string_view reset_text = R"(Hello,

someone asked to reset the password of your {{product}} account. To choose a new one, open this link:

{{link}}

The link is valid for {{valid_for}} and works once. If you did not ask for it, ignore this email: your password stays as it is.

The {{product}} team
)";

constexpr std::string_view reset_html = R"(<!DOCTYPE html>
<html>
<body style="font-family: sans-serif; line-height: 1.5;">
<p>Hello,</p>
<p>someone asked to reset the password of your {{product}} account.</p>
<p><a href="{{link}}">Choose a new password</a></p>
<p>If the button does not work, copy this link into your browser:<br>{{link}}</p>
<p>The link is valid for {{valid_for}} and works once. If you did not ask for it, ignore this email: your password stays as it is.</p>
<p>The {{product}} team</p>
</body>
</html>
)";

void check_link(std::string_view link) {
  const bool http = link.starts_with("http://") || link.starts_with("https://");
  bool printable = true;
  for (unsigned char c : link) printable = printable && c > 0x20 && c != 0x7f;
  if (!http || !printable)
    throw std::invalid_argument("an email link must be an http(s) URL without spaces");
}

// "48 hours", "1 hour", "90 minutes": whole hours read better than minutes.
std::string describe(std::chrono::minutes duration) {
  if (duration.count() <= 0) throw std::invalid_argument("an email link must be valid for a while");
  const auto plural = [](long long n, std::string_view unit) {
    return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
  };
  if (duration.count() % 60 == 0) return plural(duration.count() / 60, "hour");
  return plural(duration.count(), "minute");
}

EmailMessage compose(std::string_view from, std::string_view to, std::string_view link,
                     std::chrono::minutes valid_for, std::string_view subject,
                     std::string_view text, std::string_view html) {
  check_link(link);
  TemplateValues values{{"product", std::string(product)},
                        {"link", std::string(link)},
                        {"valid_for", describe(valid_for)}};
  TemplateValues escaped;
  for (const auto& [name, value] : values) escaped.emplace(name, html_escape(value));
  return EmailMessage{std::string(from), std::string(to), render(subject, values),
                      render(text, values), render(html, escaped)};
}

}  // namespace

EmailMessage verification_email(std::string_view from, std::string_view to, std::string_view link,
                                std::chrono::hours valid_for) {
  return compose(from, to, link, valid_for, verification_subject, verification_text,
                 verification_html);
}

EmailMessage password_reset_email(std::string_view from, std::string_view to, std::string_view link,
                                  std::chrono::minutes valid_for) {
  return compose(from, to, link, valid_for, reset_subject, reset_text, reset_html);
}

}  // namespace tessera::mail
