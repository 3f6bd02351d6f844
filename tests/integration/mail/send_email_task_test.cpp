// tessera.send_email as the worker runs it: the registered blocking handler, called with the
// keyword arguments the API enqueues, delivers to the sink; bad arguments and refusals fail
// for good, connection failures are left to the worker's retries.

#include <memory>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "mail/smtp_test_support.hpp"
#include "mail/templates.hpp"
#include "queue/task_args.hpp"
#include "tasks/send_email.hpp"

namespace tessera::tasks {
namespace {

using namespace std::chrono_literals;
using mail::testing::decoded_body;
using mail::testing::sink_options;
using mail::testing::unique_address;
using mail::testing::wait_for_mail;
namespace json = boost::json;

class SendEmailTask : public ::testing::Test {
 protected:
  explicit SendEmailTask(mail::SmtpOptions options = sink_options()) : smtp_(std::move(options)) {
    add_send_email_task(registry_, smtp_);
  }

  json::value run(json::object kwargs, json::array args = {}) const {
    const queue::TaskDefinition* task = registry_.find(SendEmailArgs::task);
    if (!task || !task->blocking) throw std::logic_error("tessera.send_email is not blocking");
    queue::TaskContext context;
    context.name = std::string(SendEmailArgs::task);
    context.args = std::move(args);
    context.kwargs = std::move(kwargs);
    return task->blocking(context);
  }

  static json::object kwargs_of(const mail::EmailMessage& message) {
    return queue::task_kwargs(SendEmailArgs::of(message));
  }

  static mail::EmailMessage message(std::string to) {
    return mail::password_reset_email("noreply@localhost", to,
                                      "http://127.0.0.1:8000/reset-password?token=t0k3n", 60min);
  }

 private:
  mail::SmtpClient smtp_;
  queue::TaskRegistry registry_;
};

TEST_F(SendEmailTask, DeliversTheMessageOfItsKeywordArguments) {
  const std::string to = unique_address();
  const mail::EmailMessage sent = message(to);
  EXPECT_EQ(run(kwargs_of(sent)), (json::object{{"to", to}}));
  const std::string stored = wait_for_mail(to);
  EXPECT_NE(stored.find("Subject: " + sent.subject), std::string::npos) << stored;
  EXPECT_NE(decoded_body(stored).find("http://127.0.0.1:8000/reset-password?token=t0k3n"),
            std::string::npos);
}

TEST_F(SendEmailTask, BadArgumentsFailForGood) {
  const json::object good = kwargs_of(message(unique_address()));
  json::object missing = good;
  missing.erase("html");
  json::object not_a_string = good;
  not_a_string["to"] = 42;
  json::object unknown = good;
  unknown["cc"] = "x@example.com";
  json::object injection = good;
  injection["subject"] = "Hi\r\nBcc: victim@example.com";
  json::object bad_address = good;
  bad_address["to"] = "Alice <alice@example.com>";
  for (const json::object& kwargs : {missing, not_a_string, unknown, injection, bad_address})
    EXPECT_THROW(run(kwargs), queue::PermanentTaskError) << json::serialize(kwargs);
  EXPECT_THROW(run(good, json::array{"positional"}), queue::PermanentTaskError);
}

TEST_F(SendEmailTask, TheReasonForBadArgumentsNamesTheArgument) {
  json::object kwargs = kwargs_of(message(unique_address()));
  kwargs["to"] = 42;
  try {
    run(kwargs);
    FAIL() << "sent with a number as the address";
  } catch (const queue::InvalidTaskArguments& e) {
    const std::string reason = e.what();
    EXPECT_NE(reason.find("tessera.send_email"), std::string::npos) << reason;
    EXPECT_NE(reason.find("kwargs.to"), std::string::npos) << reason;
  }
}

TEST_F(SendEmailTask, A5xxRefusalFailsForGood) {
  mail::EmailMessage refused = message(unique_address());
  refused.from = "josé@example.com";  // the sink answers 500 (no SMTPUTF8)
  EXPECT_THROW(run(kwargs_of(refused)), queue::PermanentTaskError);
}

class SendEmailTaskWithoutServer : public SendEmailTask {
 protected:
  SendEmailTaskWithoutServer() : SendEmailTask(closed_port()) {}

  static mail::SmtpOptions closed_port() {
    mail::SmtpOptions options = sink_options();
    options.port = 1;
    return options;
  }
};

TEST_F(SendEmailTaskWithoutServer, AConnectionFailureIsLeftToTheRetries) {
  try {
    run(kwargs_of(message(unique_address())));
    FAIL() << "sent without a server";
  } catch (const queue::PermanentTaskError& e) {
    FAIL() << "a connection failure failed for good: " << e.what();
  } catch (const mail::SmtpError& e) {
    EXPECT_FALSE(e.permanent());
  }
}

}  // namespace
}  // namespace tessera::tasks
