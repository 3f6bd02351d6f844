#pragma once
// What an S3 server answered when it refused a request. A server that cannot be reached, that
// times out or that still answers 5xx after the retries is a core::UnavailableError instead.

#include <stdexcept>
#include <string>
#include <utility>

namespace tessera::s3 {

class Error : public std::runtime_error {
 public:
  // `what`: "S3 GET tessera/photos/a.jpg: 403 SignatureDoesNotMatch: ... (request tx00...)".
  Error(const std::string& what, int status, std::string code, std::string message,
        std::string request_id)
      : std::runtime_error(what),
        status_(status),
        code_(std::move(code)),
        message_(std::move(message)),
        request_id_(std::move(request_id)) {}

  int status() const noexcept { return status_; }  // the HTTP status
  // The Code and Message of the XML error body: "NoSuchKey", "AccessDenied", ... Both are
  // empty when the answer had no such body (a HEAD never has one).
  const std::string& code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // The server's id of the request (x-amz-request-id), for its logs; may be empty.
  const std::string& request_id() const noexcept { return request_id_; }

 private:
  int status_;
  std::string code_;
  std::string message_;
  std::string request_id_;
};

// The object asked for does not exist (404 NoSuchKey on a GET).
class NotFound : public Error {
 public:
  using Error::Error;
};

}  // namespace tessera::s3
