#pragma once
// The checks behind GET /readyz: each dependency (PostgreSQL, Redis) adds one.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace tessera::api {

class Readiness {
 public:
  // Answers nullopt when the dependency is usable, or what is wrong.
  using Check = std::function<boost::asio::awaitable<std::optional<std::string>>()>;

  void add(std::string name, Check check) {
    checks_.emplace_back(std::move(name), std::move(check));
  }

  struct Report {
    bool ok = true;
    std::map<std::string, std::string> checks;  // name -> "ok" or the problem
  };
  boost::asio::awaitable<Report> run() const;

 private:
  std::vector<std::pair<std::string, Check>> checks_;
};

}  // namespace tessera::api
