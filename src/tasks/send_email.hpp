#pragma once
// "tessera.send_email" (tasks/send_email_args.hpp): the API enqueues an email, the worker
// delivers it over SMTP. A blocking task (libcurl waits on the socket), so it runs on the
// worker's thread pool.
//
//   broker.enqueue(client, tasks::SendEmailArgs::of(message), options);

#include "mail/smtp_client.hpp"
#include "queue/task_registry.hpp"
#include "tasks/send_email_args.hpp"

namespace tessera::tasks {

// Registers SendEmailArgs::task. Arguments that do not fit, a message that cannot be
// rendered and a 5xx reply fail at once without retries (queue::PermanentTaskError).
// Connection failures, timeouts and 4xx replies are rethrown, so the worker retries with
// backoff. Returns {"to": to}. `smtp` must outlive the registry's use.
void add_send_email_task(queue::TaskRegistry& registry, const mail::SmtpClient& smtp);

}  // namespace tessera::tasks
