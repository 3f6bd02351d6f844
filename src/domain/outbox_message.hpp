#pragma once
// A task waiting in the outbox: written in the same transaction as the change it belongs to,
// moved to the queue by the relay after the commit.

#include <optional>
#include <string>

#include <boost/describe/class.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::domain {

struct OutboxMessage {
  core::Uuid task_id;
  std::string queue;
  std::string envelope;                // the Celery message, encoded
  std::optional<core::Timestamp> due;  // countdown or ETA: scheduled until then
  core::Timestamp created_at{};
};
BOOST_DESCRIBE_STRUCT(OutboxMessage, (), (task_id, queue, envelope, due, created_at))

}  // namespace tessera::domain
