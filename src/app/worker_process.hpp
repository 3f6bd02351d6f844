#pragma once
// The worker process (`tessera worker`): its io_context, the pools its task handlers share
// (PostgreSQL on that io_context, a CPU pool for blocking and resizing work), the tasks,
// and the worker runtime, built in declaration order.

#include <boost/asio/io_context.hpp>

#include "core/cpu_pool.hpp"
#include "core/settings.hpp"
#include "db/pool.hpp"
#include "mail/smtp_client.hpp"
#include "media/media_storage.hpp"
#include "queue/task_registry.hpp"
#include "queue/worker.hpp"

namespace tessera::app {

class WorkerProcess {
 public:
  // Registers the product's tasks (send_email, process_image, the built-in echo).
  WorkerProcess(const core::Settings& settings, queue::WorkerOptions options);
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // For more tasks (the e2e tests' own), before run_until_signal().
  queue::TaskRegistry& registry() { return registry_; }

  // Runs tasks until SIGTERM/SIGINT; the process's exit status (0 after a clean stop).
  int run_until_signal();

 private:
  boost::asio::io_context io_{1};
  core::CpuPool cpu_;  // blocking handlers (SMTP) and image resizing
  db::Pool db_;        // on io_, shared by every handler that needs PostgreSQL
  mail::SmtpClient smtp_;
  media::MediaStorage storage_;
  queue::TaskRegistry registry_;
  queue::Worker worker_;
};

}  // namespace tessera::app
