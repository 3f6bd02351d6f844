#pragma once
// /api/v1/events: API.md's Events section, as Server-Sent Events.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class EventStreams;
}

namespace tessera::api {

void add_event_routes(http::Router& router, services::EventStreams& streams);

}  // namespace tessera::api
