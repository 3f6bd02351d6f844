#pragma once
// What a handler throws to answer with an error: the status and the human readable
// `detail`, plus any headers the answer needs (WWW-Authenticate, Retry-After, Allow).

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tessera::http {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string detail,
            std::vector<std::pair<std::string, std::string>> headers = {})
      : std::runtime_error(detail),
        status_(status),
        detail_(std::move(detail)),
        headers_(std::move(headers)) {}

  int status() const { return status_; }
  const std::string& detail() const { return detail_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

 private:
  int status_;
  std::string detail_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace tessera::http
