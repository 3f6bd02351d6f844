#pragma once
// Messages as Celery 5.2 (kombu on Redis) writes them, by hand from its code: the body is
// base64 of json.dumps([[2, 3], {"scale": 1.5, "name": "x'y"}, embed]).

#include <string_view>

namespace tessera::queue::samples {

inline constexpr std::string_view kCeleryMessage =
    R"json({"body": "W1syLCAzXSwgeyJzY2FsZSI6IDEuNSwgIm5hbWUiOiAieCd5In0sIHsiY2FsbGJhY2tzIjogbnVsbCwgImVycmJhY2tzIjogbnVsbCwgImNoYWluIjogbnVsbCwgImNob3JkIjogbnVsbH1d", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "tessera.echo", "id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01", "shadow": null, "eta": "2026-11-25T11:00:00.250000+01:00", "expires": "2026-11-26T10:00:00", "group": null, "group_index": null, "retries": 2, "timelimit": [30, 12.5], "root_id": "7c1e4d2a-9b3f-4e5d-8a6b-1c2d3e4f5a6b", "parent_id": "2f4a6c8e-1b3d-4f5a-9c7e-0a1b2c3d4e5f", "argsrepr": "(2, 3)", "kwargsrepr": "{'scale': 1.5, 'name': \"x'y\"}", "origin": "gen1234@laptop", "ignore_result": false}, "properties": {"correlation_id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01", "reply_to": "d3f0a9b8-7c6e-4d5c-8b4a-3f2e1d0c9b8a", "delivery_mode": 2, "delivery_info": {"exchange": "", "routing_key": "images"}, "priority": 0, "body_encoding": "base64", "delivery_tag": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"}})json";

// A minimal send_task('tessera.echo') from an older client: no eta/expires/timelimit keys,
// an all-null embed, root_id null.
inline constexpr std::string_view kMinimalMessage =
    R"({"body": "W1tdLCB7fSwgeyJjYWxsYmFja3MiOiBudWxsLCAiZXJyYmFja3MiOiBudWxsLCAiY2hhaW4iOiBudWxsLCAiY2hvcmQiOiBudWxsfV0=", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "tessera.echo", "id": "0b9f3c6e-5d1a-4c0b-9a43-6f1f2d7e8a01", "root_id": null}, "properties": {"body_encoding": "base64"}})";

}  // namespace tessera::queue::samples
