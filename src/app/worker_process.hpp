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
#include "redis/client.hpp"
#include "services/image_sweep.hpp"
#include "services/task_outbox.hpp"

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
  // The options with the hook that stops this process's own loops when the worker stops.
  queue::WorkerOptions stopping_too(queue::WorkerOptions options);

  boost::asio::io_context io_{1};
  core::CpuPool cpu_;  // blocking handlers (SMTP) and image resizing
  db::Pool db_;        // on io_, shared by every handler that needs PostgreSQL
  media::MediaStorage storage_;
  redis::Client relay_redis_;    // the relay's and the sweep's
  services::OutboxRelay relay_;  // queues what this process's handlers commit, and others' too
  services::TaskOutbox outbox_;  // without relays to wake: relay_ polls
  services::ImageSweep sweep_;
  mail::SmtpClient smtp_;
  queue::TaskRegistry registry_;
  queue::Worker worker_;
};

}  // namespace tessera::app
