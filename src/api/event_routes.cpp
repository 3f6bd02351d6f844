#include "api/event_routes.hpp"

#include <memory>
#include <string>
#include <utility>

#include "api/authentication.hpp"
#include "http/context.hpp"
#include "http/router.hpp"
#include "services/events.hpp"

namespace tessera::api {
namespace {

namespace asio = boost::asio;

// The feed written in the text/event-stream format. Event data is one line of JSON (a
// serialised JSON value never holds a raw line break), so one `data:` field carries it.
class EventStreamBody final : public http::OpenBody {
 public:
  explicit EventStreamBody(std::unique_ptr<services::EventFeed> feed) : feed_(std::move(feed)) {}

  asio::awaitable<std::string_view> next() override {
    if (!opened_) {
      opened_ = true;
      // Sent at once, so that the client knows the stream is open before any event.
      text_ = "retry: 3000\n: stream open\n\n";
      co_return text_;
    }
    auto event = co_await feed_->next();
    if (feed_->ended()) co_return std::string_view();
    if (!event) {
      text_ = ": ping\n\n";
      co_return text_;
    }
    text_ = "id: " + event->id + "\nevent: " + event->type + "\ndata: " + event->data + "\n\n";
    co_return text_;
  }

  void stop() override { feed_->stop(); }

 private:
  std::unique_ptr<services::EventFeed> feed_;
  std::string text_;
  bool opened_ = false;
};

}  // namespace

void add_event_routes(http::Router& router, services::EventStreams& streams) {
  router.get(
      "/api/v1/events",
      {.summary = "Live events of your images and tasks (Server-Sent Events)",
       .description = "`text/event-stream`: an `image` event with the ImagePublic JSON when one "
                      "of your images changes status, a `task` event with the TaskPublic JSON "
                      "when one of your tasks changes state, and a comment at least every 15 s. "
                      "Reconnect with `Last-Event-ID` to get what you missed in the last 5 "
                      "minutes. The stream ends when its session does.",
       .tags = {"events"},
       .auth = http::Auth::user,
       .errors = {429}},
      [&streams](http::Context& ctx) -> asio::awaitable<http::Response> {
        const auto& who = principal(ctx);
        std::string last_event_id(ctx.request().headers.get("Last-Event-ID"));
        auto feed = co_await streams.open(who.user.id, who.session_id, std::move(last_event_id));
        http::Response response{.status = 200};
        response.headers.set("Content-Type", "text/event-stream; charset=utf-8");
        response.headers.set("Cache-Control", "no-store");
        response.headers.set("X-Accel-Buffering", "no");  // proxies must not hold events back
        response.open = std::make_unique<EventStreamBody>(std::move(feed));
        co_return response;
      });
}

}  // namespace tessera::api
