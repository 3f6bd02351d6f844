#pragma once
// One PostgreSQL connection driven by Asio: libpq in non-blocking mode, its socket watched
// by the io_context of the thread that owns the connection. Statements are prepared once
// per connection (by Query::name) and parameters always bound.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "db/params.hpp"
#include "db/query.hpp"
#include "db/result.hpp"

struct pg_conn;
struct pg_result;

namespace tessera::db {

struct ConnectOptions {
  std::string host = "127.0.0.1";  // a numeric address skips the (blocking) DNS lookup
  std::uint16_t port = 5432;
  std::string user;
  std::string password;
  std::string dbname;
  std::string application_name = "tessera";
  std::string search_path;  // empty: the server's default; else schema names, comma-separated
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds statement_timeout{30000};
};

class Connection {
 public:
  // Throws core::UnavailableError when the server cannot be reached in time.
  static boost::asio::awaitable<std::unique_ptr<Connection>> connect(
      boost::asio::any_io_executor executor, const ConnectOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A named statement, prepared on first use. Throws DbError (or a subclass) for what the
  // server refused and core::UnavailableError when the connection is lost.
  boost::asio::awaitable<Result> execute(Query query, Params params);
  // Statements without parameters, possibly several separated by ';' (migrations, BEGIN).
  boost::asio::awaitable<Result> execute_script(std::string_view sql);

  // False once the connection failed, or when the server closed it or sent anything while
  // it was idle (a restart's termination notice); a pool drops such connections. Never
  // blocks.
  bool check_alive();
  bool broken() const { return broken_; }
  // True while a transaction is open on the server side.
  bool in_transaction() const;

 private:
  struct Socket;
  Connection(pg_conn* conn, std::unique_ptr<Socket> socket);

  boost::asio::awaitable<void> flush();
  boost::asio::awaitable<pg_result*> next_result();
  boost::asio::awaitable<Result> read_result();
  boost::asio::awaitable<Result> prepare_and_execute(const std::string& name, std::string_view sql,
                                                     const std::vector<const char*>& values);
  [[noreturn]] void fail(std::string_view what);

  pg_conn* conn_;
  std::unique_ptr<Socket> socket_;
  std::unordered_set<std::string> prepared_;  // names of the statements prepared here
  bool broken_ = false;
  bool sent_ = false;  // the current statement has been handed to the kernel whole
};

}  // namespace tessera::db
