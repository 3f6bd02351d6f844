#include "mail/email_message.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "core/uuid.hpp"
#include "mail/address.hpp"
#include "mail/header_encoding.hpp"
#include "mail/quoted_printable.hpp"

namespace tessera::mail {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> weekday_names{"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

void check_address(std::string_view field, std::string_view address) {
  if (has_line_break(address))
    throw std::invalid_argument(std::string(field) + " holds a line break");
  if (!is_plausible_address(address))
    throw std::invalid_argument(std::string(field) + " is not a plausible email address");
}

void check_message_id(std::string_view id) {
  const auto at = id.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at + 1 < id.size();
  for (unsigned char c : id) ok = ok && c > 0x20 && c < 0x7f && c != '<' && c != '>';
  if (!ok) throw std::invalid_argument("the Message-ID must be left@right, printable, no <>");
}

// "=_" can never occur in quoted-printable text ('=' is always followed by a hex digit or a
// line break there), so no body line can be mistaken for the boundary. The random part keeps
// it unique when messages are nested (a forward).
std::string new_boundary() {
  std::string id = core::Uuid::fast_random().str();
  std::erase(id, '-');
  return "=_tessera_" + id;
}

void add_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void add_text_part(std::string& out, std::string_view type, std::string_view content) {
  add_header(out, "Content-Type", std::string(type) + "; charset=UTF-8");
  add_header(out, "Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quoted_printable_encode(content);
}

}  // namespace

std::string format_mail_date(core::Timestamp date) {
  const auto day = floor<days>(date);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(date - day)};
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                              weekday_names[weekday{day}.c_encoding()].data(), unsigned(ymd.day()),
                              month_names[unsigned(ymd.month()) - 1].data(), int(ymd.year()),
                              int(hms.hours().count()), int(hms.minutes().count()),
                              int(hms.seconds().count()));
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string new_message_id(std::string_view from) {
  const auto at = from.rfind('@');
  std::string_view domain = at == std::string_view::npos ? "" : from.substr(at + 1);
  // A Message-ID is ASCII: an internationalised (or missing) domain gives way to a fixed one.
  bool printable = !domain.empty();
  for (unsigned char c : domain) printable = printable && c > 0x20 && c < 0x7f && c != '>';
  if (!printable) domain = "tessera.localhost";
  return core::Uuid::random().str() + "@" + std::string(domain);
}

std::string render_mime(const EmailMessage& message, core::Timestamp date,
                        std::string_view message_id) {
  check_address("from", message.from);
  check_address("to", message.to);
  if (has_line_break(message.subject))
    throw std::invalid_argument("the subject holds a line break");
  check_message_id(message_id);

  std::string out;
  out.reserve(1024 + 2 * (message.text.size() + message.html.size()));
  add_header(out, "Date", format_mail_date(date));
  add_header(out, "From", message.from);
  add_header(out, "To", message.to);
  add_header(out, "Subject",
             encode_header_text(message.subject, std::string_view("Subject").size()));
  add_header(out, "Message-ID", "<" + std::string(message_id) + ">");
  add_header(out, "MIME-Version", "1.0");
  if (message.html.empty()) {
    add_text_part(out, "text/plain", message.text);
    return out;
  }
  const std::string boundary = new_boundary();
  add_header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += "\r\n";
  // Plain text first: readers show the last alternative they understand (RFC 2046 5.1.4).
  // The CRLF before each delimiter belongs to the delimiter, not to the part (RFC 2046 5.1.1).
  out += "--" + boundary + "\r\n";
  add_text_part(out, "text/plain", message.text);
  out += "\r\n--" + boundary + "\r\n";
  add_text_part(out, "text/html", message.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace tessera::mail
