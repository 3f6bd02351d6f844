#pragma once
// One email as the application writes it, and the RFC 5322 / MIME text that goes on the
// wire: a text/plain and a text/html alternative, both UTF-8 in quoted-printable.

#include <string>
#include <string_view>

#include "core/timestamp.hpp"

namespace tessera::mail {

struct EmailMessage {
  std::string from;     // bare addresses ("noreply@example.com"), see mail/address.hpp
  std::string to;       //
  std::string subject;  // UTF-8
  std::string text;     // UTF-8; "\n" or "\r\n" line breaks
  std::string html;     // UTF-8; empty for a text-only message
};

// The whole message with CRLF line endings: Date, From, To, Subject (RFC 2047 encoded when
// it is not short printable ASCII), Message-ID ("<message_id>"), MIME-Version, then a
// multipart/alternative body with a random boundary (a single text/plain part when `html`
// is empty). Throws std::invalid_argument when from, to or subject holds CR or LF (header
// injection), when an address is not plausible, or when message_id is not "left@right"
// without spaces, controls or angle brackets.
std::string render_mime(const EmailMessage& message, core::Timestamp date,
                        std::string_view message_id);

// A fresh globally unique Message-ID (without the angle brackets): a random UUID at the
// domain of `from`, as RFC 5322 3.6.4 suggests.
std::string new_message_id(std::string_view from);

// RFC 5322 3.3 date-time in UTC: "Wed, 25 Nov 2026 10:00:00 +0000".
std::string format_mail_date(core::Timestamp date);

}  // namespace tessera::mail
