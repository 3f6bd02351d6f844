#include "tasks/send_email.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace tessera::tasks {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 5> fields{"from", "to", "subject", "text", "html"};

queue::PermanentTaskError bad_arguments(const std::string& why) {
  return queue::PermanentTaskError(std::string(kSendEmail) + ": " + why);
}

// Arguments that do not fit will not fit on the next try either: fail for good.
mail::EmailMessage message_of(const queue::TaskContext& task) {
  if (!task.args.empty()) throw bad_arguments("takes keyword arguments only");
  for (const auto& entry : task.kwargs)
    if (std::find(fields.begin(), fields.end(), entry.key()) == fields.end())
      throw bad_arguments("unknown keyword argument '" + std::string(entry.key()) + "'");
  const auto field = [&task](std::string_view name) {
    const json::value* value = task.kwargs.if_contains(name);
    if (!value || !value->is_string())
      throw bad_arguments("keyword argument '" + std::string(name) + "' must be a string");
    return std::string(value->get_string());
  };
  return mail::EmailMessage{field("from"), field("to"), field("subject"), field("text"),
                            field("html")};
}

json::value send_email(const mail::SmtpClient& smtp, const queue::TaskContext& task) {
  const mail::EmailMessage message = message_of(task);
  try {
    smtp.send(message, task.stop);
  } catch (const std::invalid_argument& e) {
    throw bad_arguments(e.what());  // header injection, an implausible address
  } catch (const mail::SmtpError& e) {
    if (e.permanent()) throw queue::PermanentTaskError(e.what());
    throw;  // transient: the worker retries with backoff
  }
  return json::object{{"to", message.to}};
}

}  // namespace

void add_send_email_task(queue::TaskRegistry& registry, const mail::SmtpClient& smtp) {
  registry.add_blocking(std::string(kSendEmail),
                        [&smtp](const queue::TaskContext& task) { return send_email(smtp, task); });
}

json::object email_kwargs(const mail::EmailMessage& message) {
  return json::object{{"from", message.from},
                      {"to", message.to},
                      {"subject", message.subject},
                      {"text", message.text},
                      {"html", message.html}};
}

}  // namespace tessera::tasks
