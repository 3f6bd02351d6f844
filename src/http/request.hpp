#pragma once
// The request and response as handlers see them: plain values, no Beast types, so that
// route files and tests stay cheap to compile.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/byte_source.hpp"

namespace tessera::http {

enum class Method { get, head, post, put, patch, delete_, options, other };

std::string_view to_string(Method m);
Method parse_method(std::string_view name);

// Header names compare case-insensitively; order and duplicates are kept.
class Headers {
 public:
  void add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every header of that name with one.
  void set(std::string_view name, std::string value);
  const std::string* find(std::string_view name) const;
  std::string_view get(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// The body of a request whose route reads it as it arrives (RouteDoc::stream_body, for
// uploads), instead of whole before the handler runs.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // The next bytes of the body; empty once it has all been read. The view is valid until
  // the next call. Throws HttpError 413 past the route's limit, 400 for a broken body.
  virtual boost::asio::awaitable<std::string_view> read_some() = 0;
  virtual bool done() const = 0;
};

struct Request {
  Method method = Method::get;
  std::string method_name;  // as received, for logs of unknown methods
  std::string path;         // percent-decoded path, no query
  std::string query;        // raw query string, without '?'
  Headers headers;
  std::string body;                   // empty on streamed routes, which read body_reader
  BodyReader* body_reader = nullptr;  // set on streamed routes only
  // The client: the socket peer, or what X-Forwarded-For says when the peer is a trusted
  // proxy (ServerOptions::trusted_proxies).
  std::string remote_address;
  unsigned version = 11;  // 10 or 11
};

// A body streamed to the client chunk by chunk, each read once the previous one is sent,
// with Content-Length its size(): files from storage, never held whole.
using BodySource = core::ByteSource;

// An open-ended body (Server-Sent Events): sent with chunked transfer encoding, each piece
// as soon as next() yields it, until next() yields an empty one; the connection then closes.
class OpenBody {
 public:
  virtual ~OpenBody() = default;
  // The next bytes to send, waiting as long as it takes; empty: the body has ended. The
  // view is valid until the next call.
  virtual boost::asio::awaitable<std::string_view> next() = 0;
  // Called on the connection's thread when the server begins to stop: next() should end
  // the body soon (within a second or so).
  virtual void stop() = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, sent instead of `body` (which stays empty).
  std::unique_ptr<BodySource> stream;
  // When set, sent instead of `body`: a body without a known end.
  std::unique_ptr<OpenBody> open;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type);
  // {"detail": "<message>"}
  static Response detail(int status, std::string_view message);
  static Response no_content() { return Response{.status = 204}; }
};

// Standard reason phrase of a status code ("Not Found").
std::string_view reason_phrase(int status);

}  // namespace tessera::http
