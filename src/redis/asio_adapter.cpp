#include "redis/asio_adapter.hpp"

#include <boost/asio/post.hpp>
#include <hiredis/async.h>

namespace tessera::redis {

namespace asio = boost::asio;
using Descriptor = asio::posix::stream_descriptor;

// Asio's epoll reactor is edge-triggered and a wait does not look at the socket first, so
// two rules keep a readiness edge from being lost:
// - reading: a wait stays armed while attached, and each wake-up reads until the socket is
//   empty (hiredis reads at most 16 KiB per call);
// - writing: hiredis asks to write after queueing a command on a socket that is almost
//   always writable (no edge would come), so the write is tried at once (posted, which
//   also batches the commands of one turn of the loop into one write); only a socket
//   still connecting, or whose buffer a write filled, is waited for.

void AsioAdapter::attach(asio::any_io_executor executor, redisAsyncContext* context) {
  auto adapter = std::make_shared<AsioAdapter>(std::move(executor), context);
  adapter->self_ = adapter;
  context->ev.data = adapter.get();
  context->ev.addRead = &AsioAdapter::add_read;
  context->ev.delRead = &AsioAdapter::del_read;
  context->ev.addWrite = &AsioAdapter::add_write;
  context->ev.delWrite = &AsioAdapter::del_write;
  context->ev.cleanup = &AsioAdapter::cleanup;
  // hiredis reports a finished connect through the first write readiness: without this
  // request the connect callback never fires.
  add_write(adapter.get());
}

AsioAdapter::AsioAdapter(asio::any_io_executor executor, redisAsyncContext* context)
    : executor_(executor), context_(context), descriptor_(executor, context->c.fd) {}

AsioAdapter::~AsioAdapter() {
  if (descriptor_.is_open()) descriptor_.release();
}

void AsioAdapter::add_read(void* data) {
  auto* adapter = static_cast<AsioAdapter*>(data);
  adapter->reading_ = true;
  adapter->wait_readable();
}

void AsioAdapter::del_read(void* data) {
  static_cast<AsioAdapter*>(data)->reading_ = false;
}

void AsioAdapter::add_write(void* data) {
  auto* adapter = static_cast<AsioAdapter*>(data);
  adapter->writing_ = true;
  const bool connected = (adapter->context_->c.flags & REDIS_CONNECTED) != 0;
  if (connected && !adapter->in_write_)
    adapter->write_soon();
  else
    adapter->wait_writable();  // connecting, or the last write left data behind
}

void AsioAdapter::del_write(void* data) {
  static_cast<AsioAdapter*>(data)->writing_ = false;
}

void AsioAdapter::cleanup(void* data) {
  auto* adapter = static_cast<AsioAdapter*>(data);
  adapter->context_ = nullptr;  // hiredis frees it (and closes the socket) right after this
  boost::system::error_code ignored;
  adapter->descriptor_.cancel(ignored);
  adapter->descriptor_.release();
  // Pending handlers keep their own reference; this one may be the last.
  auto last_reference = std::move(adapter->self_);
}

void AsioAdapter::wait_readable() {
  if (read_waiting_ || !context_) return;
  read_waiting_ = true;
  descriptor_.async_wait(Descriptor::wait_read,
                         [self = shared_from_this()](boost::system::error_code ec) {
                           self->read_waiting_ = false;
                           if (ec || !self->context_) return;
                           do {
                             if (!self->reading_) break;
                             redisAsyncHandleRead(self->context_);  // may free the context
                           } while (self->context_ && self->bytes_readable() > 0);
                           if (self->context_ && self->reading_) self->wait_readable();
                         });
}

std::size_t AsioAdapter::bytes_readable() {
  Descriptor::bytes_readable command(true);
  boost::system::error_code ec;
  descriptor_.io_control(command, ec);
  return ec ? 0 : command.get();
}

void AsioAdapter::wait_writable() {
  if (write_scheduled_ || !context_) return;
  write_scheduled_ = true;
  descriptor_.async_wait(Descriptor::wait_write,
                         [self = shared_from_this()](boost::system::error_code ec) {
                           self->write_scheduled_ = false;
                           if (!ec) self->handle_write();
                         });
}

void AsioAdapter::write_soon() {
  if (write_scheduled_ || !context_) return;
  write_scheduled_ = true;
  asio::post(executor_, [self = shared_from_this()] {
    self->write_scheduled_ = false;
    self->handle_write();
  });
}

void AsioAdapter::handle_write() {
  if (!context_ || !writing_) return;
  in_write_ = true;                 // an add_write from inside means "not everything was written"
  redisAsyncHandleWrite(context_);  // may connect, call back, or free the context
  in_write_ = false;
}

}  // namespace tessera::redis
