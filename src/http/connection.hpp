#pragma once
// One HTTP/1.1 connection's life: read, dispatch, write, keep-alive. Internal to the
// server; only server.cpp includes this.

#include <functional>
#include <list>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace tessera::http {

class Application;
struct ServerOptions;

// The connections of one I/O thread, so that a shutdown can close the idle ones. Only
// that thread touches it.
class ConnectionSet {
 public:
  struct Entry {
    std::function<void()> cancel;
    bool idle = true;
    // Set while an open-ended body (an event stream) is being sent: ends it at a stop.
    std::function<void()> stop_body;
  };

  std::list<Entry>::iterator add(std::function<void()> cancel) {
    return entries_.insert(entries_.end(), {std::move(cancel)});
  }
  void remove(std::list<Entry>::iterator it) { entries_.erase(it); }
  bool stopping() const { return stopping_; }
  // Stops keep-alive, closes every connection waiting for its next request and ends the
  // open-ended bodies being sent.
  void begin_stop();

 private:
  std::list<Entry> entries_;
  bool stopping_ = false;
};

boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, Application& app,
                                              const ServerOptions& options,
                                              ConnectionSet& connections);

}  // namespace tessera::http
