#pragma once
// The arguments of "tessera.send_email": the message, field by field (all strings).

#include <string>
#include <string_view>

#include <boost/describe/class.hpp>

#include "mail/email_message.hpp"

namespace tessera::tasks {

struct SendEmailArgs {
  static constexpr std::string_view task = "tessera.send_email";
  std::string sender;
  std::string to;
  std::string subject;
  std::string text;
  std::string html;

  static SendEmailArgs of(const mail::EmailMessage& message) {
    return {message.from, message.to, message.subject, message.text, message.html};
  }
  mail::EmailMessage message() const { return {sender, to, subject, text, html}; }
};
BOOST_DESCRIBE_STRUCT(SendEmailArgs, (), (sender, to, subject, text, html))

}  // namespace tessera::tasks
