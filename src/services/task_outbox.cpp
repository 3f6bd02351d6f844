#include "services/task_outbox.hpp"

#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/logging.hpp"

namespace tessera::services {

namespace asio = boost::asio;

OutboxRelay::OutboxRelay(db::Pool& db, redis::Client& redis, queue::QueueKeys keys,
                         OutboxRelayOptions options)
    : db_(db), redis_(redis), broker_(std::move(keys)), options_(options), timer_(db.executor()) {}

asio::awaitable<std::size_t> OutboxRelay::relay_once() {
  auto tx = co_await db_.begin();
  const auto rows = co_await outbox_.take(tx, options_.batch);
  std::vector<core::Uuid> sent;
  std::vector<queue::OnceMessage> messages;
  sent.reserve(rows.size());
  messages.reserve(rows.size());
  for (const auto& row : rows) {
    messages.push_back({row.task_id, row.queue, row.envelope, row.due});
    sent.push_back(row.task_id);
  }
  // The whole batch in one round trip.
  const std::size_t first = co_await broker_.send_once(redis_, messages, options_.remember_sent);
  duplicates_.fetch_add(rows.size() - first, std::memory_order_relaxed);
  // A relay that dies here leaves the rows: the next one sends them again, and send_once
  // keeps the copies off the queue.
  co_await outbox_.remove(tx, sent);
  co_await tx.commit();
  relayed_.fetch_add(rows.size(), std::memory_order_relaxed);
  co_return rows.size();
}

asio::awaitable<void> OutboxRelay::run() {
  bool failing = false;
  while (!stopping_) {
    woken_ = false;
    try {
      for (;;) {  // full batches mean more rows are waiting
        const std::size_t taken = co_await relay_once();
        if (stopping_ || taken < static_cast<std::size_t>(options_.batch)) break;
      }
      if (failing) core::log_info("outbox relay working again");
      failing = false;
    } catch (const std::exception& e) {
      // PostgreSQL or Redis down: the rows wait in the outbox, nothing is lost.
      if (!failing) core::log_warning("outbox relay cannot send", {{"error", e.what()}});
      failing = true;
    }
    if (stopping_ || woken_) continue;
    timer_.expires_after(options_.poll_interval);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void OutboxRelay::wake() {
  woken_ = true;
  timer_.cancel();
}

void OutboxRelay::stop() {
  stopping_ = true;
  timer_.cancel();
}

void collect(const ThreadRelays& relays, core::MetricsWriter& out) {
  std::uint64_t relayed = 0, duplicates = 0;
  relays.for_each([&](const OutboxRelay& relay) {
    relayed += relay.relayed();
    duplicates += relay.duplicates_skipped();
  });
  out.family("tessera_outbox_relayed_total", "counter",
             "Tasks this process's relays moved from the outbox to Redis.");
  out.sample("tessera_outbox_relayed_total", {}, static_cast<double>(relayed));
  out.family("tessera_outbox_duplicates_total", "counter",
             "Outbox rows sent again after a relay died, kept off the queue by their sent mark.");
  out.sample("tessera_outbox_duplicates_total", {}, static_cast<double>(duplicates));
}

void TaskOutbox::committed() const {
  if (!relays_) return;
  if (auto* relay = relays_->find_local()) relay->wake();
}

}  // namespace tessera::services
