#pragma once
// Drives one hiredis async context from an Asio io_context through hiredis' event hooks
// (ev.addRead/delRead/addWrite/delWrite/cleanup). The socket is hiredis': it is watched
// with a stream_descriptor that is released, never closed, and hiredis frees the context
// (calling cleanup) after a disconnect, so the adapter forgets it there.

#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

struct redisAsyncContext;

namespace tessera::redis {

class AsioAdapter : public std::enable_shared_from_this<AsioAdapter> {
 public:
  // Hooks the adapter into `context`, whose connect is in progress. The context keeps a
  // reference to the adapter until hiredis calls cleanup.
  static void attach(boost::asio::any_io_executor executor, redisAsyncContext* context);

  AsioAdapter(boost::asio::any_io_executor executor, redisAsyncContext* context);
  ~AsioAdapter();

 private:
  static void add_read(void* data);
  static void del_read(void* data);
  static void add_write(void* data);
  static void del_write(void* data);
  static void cleanup(void* data);

  void wait_readable();
  std::size_t bytes_readable();
  void wait_writable();
  void write_soon();
  void handle_write();

  boost::asio::any_io_executor executor_;
  redisAsyncContext* context_;  // null once hiredis called cleanup
  boost::asio::posix::stream_descriptor descriptor_;
  std::shared_ptr<AsioAdapter> self_;  // the context's reference, dropped by cleanup
  bool reading_ = false, writing_ = false;
  bool read_waiting_ = false, write_scheduled_ = false, in_write_ = false;
};

}  // namespace tessera::redis
