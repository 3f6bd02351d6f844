#include "db/connection.hpp"

#include <cerrno>
#include <vector>

#include <arpa/inet.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <libpq-fe.h>
#include <sys/socket.h>

#include "core/errors.hpp"
#include "db/errors.hpp"

namespace tessera::db {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Descriptor = asio::posix::stream_descriptor;

bool is_numeric_address(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string first_line(const char* message) {
  std::string text = message ? message : "";
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

// Server errors by SQLSTATE class: connection trouble and shutdowns mean "unavailable".
[[noreturn]] void throw_server_error(const std::string& sqlstate, const std::string& message,
                                     const std::string& constraint) {
  if (sqlstate == "23505") throw ConflictError(sqlstate, message, constraint);
  if (sqlstate == "40001" || sqlstate == "40P01") throw RetryableError(sqlstate, message);
  if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03")
    throw core::UnavailableError("database unavailable: " + message);
  throw DbError(sqlstate, message);
}

}  // namespace

// The socket is libpq's: we watch it but never close it (release before PQfinish).
struct Connection::Socket {
  explicit Socket(asio::any_io_executor executor, int fd) : descriptor(executor, fd) {}
  ~Socket() {
    boost::system::error_code ignored;
    descriptor.cancel(ignored);
    descriptor.release();
  }
  Descriptor descriptor;
};

asio::awaitable<std::unique_ptr<Connection>> Connection::connect(asio::any_io_executor executor,
                                                                 const ConnectOptions& options) {
  // libpq resolves host names synchronously: resolve here, asynchronously, and give it the address.
  std::string address = options.host;
  if (!is_numeric_address(address)) {
    asio::ip::tcp::resolver resolver(executor);
    auto [ec, endpoints] = co_await resolver.async_resolve(
        options.host, std::to_string(options.port), asio::as_tuple(asio::use_awaitable));
    if (ec || endpoints.empty())
      throw core::UnavailableError("database unavailable: cannot resolve " + options.host);
    address = endpoints.begin()->endpoint().address().to_string();
  }
  const std::string port = std::to_string(options.port);
  std::string server_options = "-c TimeZone=UTC -c DateStyle=ISO -c statement_timeout=" +
                               std::to_string(options.statement_timeout.count());
  if (!options.search_path.empty()) server_options += " -c search_path=" + options.search_path;
  const char* keys[] = {"host",   "hostaddr",         "port",    "user", "password",
                        "dbname", "application_name", "options", nullptr};
  const char* values[] = {options.host.c_str(),
                          address.c_str(),
                          port.c_str(),
                          options.user.c_str(),
                          options.password.c_str(),
                          options.dbname.c_str(),
                          options.application_name.c_str(),
                          server_options.c_str(),
                          nullptr};
  PGconn* conn = PQconnectStartParams(keys, values, 0);
  if (!conn) throw core::UnavailableError("database unavailable: out of memory");
  std::unique_ptr<PGconn, decltype(&PQfinish)> guard(conn, PQfinish);

  // PQconnectPoll may switch sockets (one address after another): watch whichever it has now.
  const auto deadline = std::chrono::steady_clock::now() + options.connect_timeout;
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED || PQstatus(conn) == CONNECTION_BAD)
      throw core::UnavailableError("database unavailable: " + first_line(PQerrorMessage(conn)));
    Socket socket(executor, PQsocket(conn));
    asio::steady_timer timer(executor, deadline);
    const auto wait =
        status == PGRES_POLLING_READING ? Descriptor::wait_read : Descriptor::wait_write;
    auto ready =
        co_await (socket.descriptor.async_wait(wait, asio::as_tuple(asio::use_awaitable)) ||
                  timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (ready.index() == 1)
      throw core::UnavailableError("database unavailable: connection timed out");
    status = PQconnectPoll(conn);
  }
  // Server notices ("relation already exists, skipping") are not errors: keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (PQsetnonblocking(conn, 1) != 0)
    throw core::UnavailableError("database unavailable: " + first_line(PQerrorMessage(conn)));
  auto socket = std::make_unique<Socket>(executor, PQsocket(conn));
  co_return std::unique_ptr<Connection>(new Connection(guard.release(), std::move(socket)));
}

Connection::Connection(pg_conn* conn, std::unique_ptr<Socket> socket)
    : conn_(conn), socket_(std::move(socket)) {}

Connection::~Connection() {
  socket_.reset();
  PQfinish(conn_);
}

void Connection::fail(std::string_view what) {
  broken_ = true;
  throw ConnectionLost(
      "database unavailable: " + std::string(what) + ": " + first_line(PQerrorMessage(conn_)),
      sent_);
}

bool Connection::check_alive() {
  if (broken_) return false;
  // An idle connection has nothing to read: bytes waiting (a FATAL "terminating connection"
  // from a server shutting down), an end of file or an error all mean it is gone. libpq
  // would only notice at the next statement, which would then fail.
  if (PQsslInUse(conn_)) {  // TLS records may be pending: let libpq read them
    if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) broken_ = true;
    return !broken_;
  }
  char byte;
  const ssize_t peeked = ::recv(PQsocket(conn_), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) broken_ = true;
  if (!broken_ && PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  return !broken_;
}

bool Connection::in_transaction() const {
  return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

asio::awaitable<void> Connection::flush() {
  for (;;) {
    const int pending = PQflush(conn_);
    if (pending == 0) co_return;
    if (pending < 0) fail("sending failed");
    co_await socket_->descriptor.async_wait(Descriptor::wait_write, asio::use_awaitable);
  }
}

asio::awaitable<pg_result*> Connection::next_result() {
  while (PQisBusy(conn_)) {
    auto [ec] = co_await socket_->descriptor.async_wait(Descriptor::wait_read,
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec) fail("waiting for the server failed");
    if (PQconsumeInput(conn_) == 0) fail("connection lost");
  }
  co_return PQgetResult(conn_);
}

asio::awaitable<Result> Connection::read_result() {
  Result last;
  std::string sqlstate, message, constraint;
  bool failed = false;
  while (PGresult* result = co_await next_result()) {
    if (PQresultStatus(result) == PGRES_FATAL_ERROR) {
      if (!failed) {
        failed = true;
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        const char* name = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
        sqlstate = state ? state : "";
        constraint = name ? name : "";
        message = first_line(PQresultErrorMessage(result));
      }
      PQclear(result);
    } else {
      last = Result(result);
    }
  }
  if (PQstatus(conn_) == CONNECTION_BAD) fail("connection lost");
  if (failed) throw_server_error(sqlstate, message, constraint);
  co_return last;
}

// A statement's first use: prepare and execute in one round trip (pipeline mode), instead
// of waiting for the prepare before sending the execute.
asio::awaitable<Result> Connection::prepare_and_execute(const std::string& name,
                                                        std::string_view sql,
                                                        const std::vector<const char*>& values) {
  const std::string text(sql);
  const int count = static_cast<int>(values.size());
  if (PQenterPipelineMode(conn_) != 1) fail("cannot enter pipeline mode");
  if (!PQsendPrepare(conn_, name.c_str(), text.c_str(), count, nullptr) ||
      !PQsendQueryPrepared(conn_, name.c_str(), count, values.data(), nullptr, nullptr, 0) ||
      !PQpipelineSync(conn_))
    fail("sending failed");
  co_await flush();
  sent_ = true;

  // Every part of the pipeline is read before leaving it, whatever failed.
  std::exception_ptr failure;
  Result result;
  try {
    co_await read_result();  // the prepare
    prepared_.insert(name);  // even if the execute fails, the statement exists now
  } catch (const DbError&) {
    failure = std::current_exception();
  }
  try {
    result = co_await read_result();  // the execute (PIPELINE_ABORTED after a failed prepare)
  } catch (const DbError&) {
    if (!failure) failure = std::current_exception();
  }
  PGresult* sync = co_await next_result();
  const bool in_step = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!in_step || PQexitPipelineMode(conn_) != 1) fail("pipeline out of step");
  if (failure) std::rethrow_exception(failure);
  co_return result;
}

asio::awaitable<Result> Connection::execute(Query query, Params params) {
  if (broken_) throw core::UnavailableError("database unavailable: connection is broken");
  sent_ = false;
  const std::string name(query.name);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  if (!prepared_.contains(name)) co_return co_await prepare_and_execute(name, query.sql, values);
  if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                           nullptr, nullptr, 0))
    fail("sending failed");
  co_await flush();
  sent_ = true;
  co_return co_await read_result();
}

asio::awaitable<Result> Connection::execute_script(std::string_view sql) {
  if (broken_) throw core::UnavailableError("database unavailable: connection is broken");
  sent_ = false;
  const std::string text(sql);
  if (!PQsendQuery(conn_, text.c_str())) fail("sending failed");
  co_await flush();
  sent_ = true;
  co_return co_await read_result();
}

}  // namespace tessera::db
