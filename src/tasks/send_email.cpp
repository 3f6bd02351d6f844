#include "tasks/send_email.hpp"

#include <stdexcept>
#include <string>

#include "queue/task_args.hpp"

namespace tessera::tasks {
namespace {

namespace json = boost::json;

json::value send_email(const mail::SmtpClient& smtp, const queue::TaskContext& task,
                       const SendEmailArgs& args) {
  const mail::EmailMessage message = args.message();
  try {
    smtp.send(message, task.stop);
  } catch (const std::invalid_argument& e) {
    // Header injection, an implausible address: it will not fit on the next try either.
    throw queue::PermanentTaskError(std::string(SendEmailArgs::task) + ": " + e.what());
  } catch (const mail::SmtpError& e) {
    if (e.permanent()) throw queue::PermanentTaskError(e.what());
    throw;  // transient: the worker retries with backoff
  }
  return json::object{{"to", message.to}};
}

}  // namespace

void add_send_email_task(queue::TaskRegistry& registry, const mail::SmtpClient& smtp) {
  queue::add_blocking_task<SendEmailArgs>(
      registry, [&smtp](const queue::TaskContext& task, const SendEmailArgs& args) {
        return send_email(smtp, task, args);
      });
}

}  // namespace tessera::tasks
