#include "api/readiness.hpp"

namespace tessera::api {

boost::asio::awaitable<Readiness::Report> Readiness::run() const {
  Report report;
  for (const auto& [name, check] : checks_) {
    std::optional<std::string> problem;
    try {
      problem = co_await check();
    } catch (const std::exception& e) {
      problem = e.what();
    }
    report.ok = report.ok && !problem;
    report.checks[name] = problem ? *problem : "ok";
  }
  co_return report;
}

}  // namespace tessera::api
