#include "http/connection.hpp"

#include <array>
#include <cstdint>
#include <ctime>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "core/logging.hpp"
#include "http/application.hpp"
#include "http/framing.hpp"
#include "http/http_error.hpp"
#include "http/server.hpp"

namespace tessera::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// The header is read first; the body parser is chosen from the route it goes to.
using HeaderParser = bhttp::request_parser<bhttp::empty_body>;
using StringParser = bhttp::request_parser<bhttp::string_body>;
using StreamParser = bhttp::request_parser<bhttp::buffer_body>;

// The Date header changes once a second; each I/O thread formats it once a second.
std::string_view http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local char text[40];
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  }
  return text;
}

// Fills our Request from Beast's header; false when the target is not a valid origin-form.
bool to_request(const HeaderParser::value_type& header, Request& out) {
  out.method_name = std::string(header.method_string());
  out.method = parse_method(out.method_name);
  out.version = header.version();
  auto target = boost::urls::parse_origin_form(header.target());
  if (!target) return false;
  out.path = target->path();
  out.query = std::string(target->encoded_query());
  for (const auto& field : header)
    out.headers.add(std::string(field.name_string()), std::string(field.value()));
  return true;
}

// Time for the client to take each write: a whole small body, or one chunk of a streamed one.
constexpr auto kWriteTimeout = std::chrono::seconds(60);

template <class Body>
void fill_head(bhttp::response<Body>& out, const Response& response, bool keep_alive) {
  for (auto& [name, value] : response.headers.items()) out.insert(name, value);
  out.set(bhttp::field::date, http_date());
  out.keep_alive(keep_alive);
}

// A streamed body: each chunk is read from the source only once the previous one is written
// (backpressure), so a slow client holds one chunk in memory, never the body. The first
// chunk goes out with the header. False when the connection must close: the client is gone,
// or the source failed once the header was out (the promised length can no longer be kept).
asio::awaitable<bool> write_streamed(beast::tcp_stream& stream, Response& response,
                                     const Request& request, bool keep_alive) {
  BodySource& source = *response.stream;
  bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(response.status),
                                          request.version};
  fill_head(out, response, keep_alive);
  out.content_length(source.size());
  bhttp::response_serializer<bhttp::buffer_body> serializer(out);
  std::uint64_t left = source.size();
  do {
    std::string_view chunk;
    if (left > 0) {
      std::string failure;
      try {
        chunk = co_await source.next();
        if (chunk.empty() || chunk.size() > left)
          failure = "the body's source did not yield the length it announced";
      } catch (const std::exception& e) {
        failure = e.what();
      }
      if (!failure.empty()) {
        core::log_event(core::LogLevel::error, "response body failed",
                        {{"request_id", response.headers.get("X-Request-ID")},
                         {"bytes_left", left},
                         {"error", failure}});
        co_return false;
      }
      left -= chunk.size();
    }
    out.body().data = chunk.empty() ? nullptr : const_cast<char*>(chunk.data());
    out.body().size = chunk.size();
    out.body().more = left > 0;
    stream.expires_after(kWriteTimeout);
    auto [ec, n] = co_await bhttp::async_write(stream, serializer, nothrow);
    // need_buffer: this chunk is out, the serializer waits for the next one.
    if (ec && ec != bhttp::error::need_buffer) co_return false;
  } while (!serializer.is_done());
  co_return true;
}

// An open-ended body: chunked on HTTP/1.1, delimited by the connection's close on 1.0. The
// connection always closes after it. While it is sent, a server stop ends it.
asio::awaitable<void> write_open(beast::tcp_stream& stream, Response& response,
                                 const Request& request, ConnectionSet::Entry& entry,
                                 const ConnectionSet& connections) {
  OpenBody& source = *response.open;
  entry.stop_body = [&source] { source.stop(); };
  if (connections.stopping()) source.stop();
  // A client that goes away ends the body at once, not at its next write: the socket
  // turns readable (end of stream) and that stops the source.
  auto sending = std::make_shared<bool>(true);
  stream.socket().async_wait(asio::ip::tcp::socket::wait_read,
                             [sending, &source](const boost::system::error_code&) {
                               if (*sending) source.stop();
                             });
  bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(response.status),
                                          request.version};
  fill_head(out, response, false);
  if (request.version >= 11) out.chunked(true);
  bhttp::response_serializer<bhttp::buffer_body> serializer(out);
  stream.expires_after(kWriteTimeout);
  out.body().data = nullptr;
  out.body().more = true;
  auto [ec, n] = co_await bhttp::async_write_header(stream, serializer, nothrow);
  while (!ec) {
    std::string_view chunk;
    try {
      chunk = co_await source.next();
    } catch (const std::exception& e) {
      core::log_event(core::LogLevel::error, "response body failed",
                      {{"request_id", response.headers.get("X-Request-ID")}, {"error", e.what()}});
    }
    out.body().data = chunk.empty() ? nullptr : const_cast<char*>(chunk.data());
    out.body().size = chunk.size();
    out.body().more = !chunk.empty();
    stream.expires_after(kWriteTimeout);
    std::tie(ec, n) = co_await bhttp::async_write(stream, serializer, nothrow);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (chunk.empty()) break;
  }
  *sending = false;
  entry.stop_body = nullptr;
}

// False when the answer could not be sent whole: the connection must close.
asio::awaitable<bool> write_response(beast::tcp_stream& stream, Response& response,
                                     const Request& request, bool keep_alive) {
  if (response.stream && request.method != Method::head)
    co_return co_await write_streamed(stream, response, request, keep_alive);
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status),
                                          request.version};
  fill_head(out, response, keep_alive);
  if (request.method == Method::head) {
    // HEAD: the GET's length, no body (a streamed one is never read).
    out.content_length(response.stream ? response.stream->size() : response.body.size());
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  stream.expires_after(kWriteTimeout);
  auto [ec, n] = co_await bhttp::async_write(stream, out, nothrow);
  co_return !ec;
}

// Answers without running a route (bad header, body too large): still through the
// middlewares, so that the answer has a request id and an access log line.
asio::awaitable<void> reject(beast::tcp_stream& stream, Application& app, Request& request,
                             int status, std::string_view detail) {
  Response response = co_await app.reject(request, Response::detail(status, detail));
  co_await write_response(stream, response, request, false);
}

asio::awaitable<void> send_continue(beast::tcp_stream& stream, unsigned version) {
  bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
  co_await bhttp::async_write(stream, go_on, nothrow);
}

// The body of a streamed route, read in chunks of at most 64 KiB as the handler asks for
// them. The body timeout runs from the first read.
class StreamedBody final : public BodyReader {
 public:
  StreamedBody(beast::tcp_stream& stream, beast::flat_buffer& buffer, HeaderParser&& header,
               std::uint64_t limit, const ServerOptions& options, unsigned version)
      : stream_(stream),
        buffer_(buffer),
        expect_continue_(beast::iequals(header.get()[bhttp::field::expect], "100-continue")),
        parser_(std::move(header)),
        timeout_(options.body_timeout),
        version_(version) {
    parser_.body_limit(limit);
  }

  bool done() const override { return parser_.is_done(); }

  asio::awaitable<std::string_view> read_some() override {
    if (failed_) throw HttpError(400, "Malformed HTTP request body");
    if (!started_) {
      started_ = true;
      if (expect_continue_ && !parser_.is_done()) co_await send_continue(stream_, version_);
      stream_.expires_after(timeout_);
    }
    std::size_t filled = 0;
    while (filled == 0 && !parser_.is_done()) {
      auto& body = parser_.get().body();
      body.data = chunk_.data();
      body.size = chunk_.size();
      body.more = true;
      auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser_, nothrow);
      filled = chunk_.size() - body.size;
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) {
        failed_ = true;
        if (ec == bhttp::error::body_limit) throw HttpError(413, "Request body too large");
        throw HttpError(400, "Malformed HTTP request body");
      }
    }
    co_return std::string_view(chunk_.data(), filled);
  }

 private:
  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  bool expect_continue_;
  StreamParser parser_;
  std::chrono::steady_clock::duration timeout_;
  unsigned version_;
  bool started_ = false;
  bool failed_ = false;
  std::array<char, 64 * 1024> chunk_;
};

// Reads the next request's header into `request`, and refuses a body framing that could be
// read two ways (http/framing.hpp); false, after answering when there is someone to
// answer, when the connection must close.
asio::awaitable<bool> read_header(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                  HeaderParser& parser, const ServerOptions& options,
                                  Application& app, Request& request) {
  parser.header_limit(options.max_header_bytes);
  // The body limit depends on the route, known only once the header is read.
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  stream.expires_after(options.header_timeout);
  auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, parser, nothrow);
  if (ec == bhttp::error::header_limit) {
    co_await reject(stream, app, request, 431, "Request header fields too large");
    co_return false;
  }
  if (ec) {
    if (ec != beast::error::timeout && ec != bhttp::error::end_of_stream &&
        ec != asio::error::eof && ec != asio::error::connection_reset)
      co_await reject(stream, app, request, 400, "Malformed HTTP request");
    co_return false;
  }
  if (!to_request(parser.get(), request)) {
    co_await reject(stream, app, request, 400, "Malformed request target");
    co_return false;
  }
  // Before any of the body is read: Beast reads a body whose Transfer-Encoding does not end
  // in chunked as no body at all, and the body would be taken for the next request.
  if (const auto refusal = check_framing(request)) {
    co_await reject(stream, app, request, refusal->status, refusal->detail);
    co_return false;
  }
  co_return true;
}

// Reads a whole (not streamed) body into request.body; false as for read_header.
asio::awaitable<bool> read_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                HeaderParser&& header, std::uint64_t limit,
                                const ServerOptions& options, Application& app, Request& request) {
  StringParser parser(std::move(header));
  parser.body_limit(limit);
  if (!parser.is_done()) {
    if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue"))
      co_await send_continue(stream, request.version);
    stream.expires_after(options.body_timeout);
    auto [ec, bytes] = co_await bhttp::async_read(stream, buffer, parser, nothrow);
    if (ec == bhttp::error::body_limit) {
      co_await reject(stream, app, request, 413, "Request body too large");
      co_return false;
    }
    if (ec) {
      if (ec != beast::error::timeout && ec != asio::error::eof &&
          ec != bhttp::error::partial_message)
        co_await reject(stream, app, request, 400, "Malformed HTTP request body");
      co_return false;
    }
  }
  request.body = std::move(parser.get().body());
  co_return true;
}

}  // namespace

void ConnectionSet::begin_stop() {
  stopping_ = true;
  for (auto& entry : entries_) {
    if (entry.idle) entry.cancel();
    if (entry.stop_body) entry.stop_body();
  }
}

asio::awaitable<void> serve_connection(asio::ip::tcp::socket socket, Application& app,
                                       const ServerOptions& options, ConnectionSet& connections) {
  beast::tcp_stream stream(std::move(socket));
  beast::error_code ignored;
  stream.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  auto self = connections.add([&stream] { stream.socket().cancel(); });
  std::string remote;
  if (auto endpoint = stream.socket().remote_endpoint(ignored); !ignored)
    remote = endpoint.address().to_string();

  beast::flat_buffer buffer;
  try {
    for (bool first_request = true;; first_request = false) {
      // Idle: waiting for the first byte of the next request. A shutdown closes us here. A
      // new connection gets only the header timeout to start its first request.
      if (buffer.size() == 0) {
        self->idle = true;
        if (connections.stopping()) break;
        stream.expires_after(first_request ? options.header_timeout : options.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), nothrow);
        self->idle = false;
        if (ec) break;
        buffer.commit(n);
      }
      self->idle = false;

      HeaderParser parser;
      Request request;
      request.remote_address = remote;
      if (!co_await read_header(stream, buffer, parser, options, app, request)) break;
      if (!options.trusted_proxies.empty())
        request.remote_address = core::forwarded_client(
            remote, request.headers.find("x-forwarded-for"), options.trusted_proxies);

      // The body limit is the route's; a declared length over it is refused unread.
      Match route = app.route(request);
      const auto body = Application::body_policy(route, options.max_body_bytes);
      if (parser.content_length() && *parser.content_length() > body.limit) {
        co_await reject(stream, app, request, 413, "Request body too large");
        break;
      }
      bool keep_alive = parser.get().keep_alive();
      Response response;
      if (body.streamed) {
        StreamedBody reader(stream, buffer, std::move(parser), body.limit, options,
                            request.version);
        request.body_reader = &reader;
        response = co_await app.handle(request, std::move(route));
        // A body the handler left unread (it refused the request early) is not drained.
        keep_alive = keep_alive && reader.done();
      } else {
        if (!co_await read_body(stream, buffer, std::move(parser), body.limit, options, app,
                                request))
          break;
        stream.expires_never();
        response = co_await app.handle(request, std::move(route));
      }
      stream.expires_never();
      if (response.open && request.method != Method::head) {
        co_await write_open(stream, response, request, *self, connections);
        break;
      }
      const bool again = keep_alive && !connections.stopping();
      const bool sent = co_await write_response(stream, response, request, again);
      if (!sent || !again) break;
    }
  } catch (const std::exception& e) {
    core::log_event(core::LogLevel::error, "connection failed", {{"error", e.what()}});
  }
  connections.remove(self);
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream.close();
}

}  // namespace tessera::http
