#pragma once
// "tessera.send_email": the API enqueues an email, the worker delivers it over SMTP. A
// blocking task (libcurl waits on the socket), so it runs on the worker's thread pool.
//
//   broker.enqueue(client, std::string(tasks::kSendEmail), {}, tasks::email_kwargs(message));

#include <string_view>

#include <boost/json/object.hpp>

#include "mail/email_message.hpp"
#include "mail/smtp_client.hpp"
#include "queue/task_registry.hpp"

namespace tessera::tasks {

inline constexpr std::string_view kSendEmail = "tessera.send_email";

// Registers kSendEmail. Its keyword arguments are the message's fields (from, to, subject,
// text, html), all strings, and nothing else: anything else fails at once without retries
// (queue::PermanentTaskError), as does a message that cannot be rendered or a 5xx reply.
// Connection failures, timeouts and 4xx replies are rethrown, so the worker retries with
// backoff. Returns {"to": to}.
// `smtp` must outlive the registry's use.
void add_send_email_task(queue::TaskRegistry& registry, const mail::SmtpClient& smtp);

// The keyword arguments of kSendEmail for `message`.
boost::json::object email_kwargs(const mail::EmailMessage& message);

}  // namespace tessera::tasks
