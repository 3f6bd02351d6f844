#include "s3/answers.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "s3/error.hpp"
#include "s3/messages.hpp"

namespace tessera::s3 {

std::string describe(const ObjectRequest& request) {
  return "S3 " + request.method + " " + request.bucket + "/" + request.key;
}

bool is_transient(const HttpResponse& response) {
  switch (response.status) {
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    case 400: {
      const auto body = read_error_body(response.body);
      return body && body->code == "RequestTimeout";
    }
    default:
      return false;
  }
}

void raise(const ObjectRequest& request, const HttpResponse& response) {
  ErrorBody body = read_error_body(response.body).value_or(ErrorBody{});
  if (body.request_id.empty())
    if (const std::string* id = response.header("x-amz-request-id")) body.request_id = *id;
  std::string what = describe(request) + ": " + std::to_string(response.status);
  if (!body.code.empty()) what += " " + body.code;
  if (!body.message.empty()) what += ": " + body.message;
  if (!body.request_id.empty()) what += " (request " + body.request_id + ")";
  const int status = static_cast<int>(response.status);
  if (is_transient(response) || body.code == "SlowDown" || body.code == "InternalError")
    throw core::UnavailableError(what);
  if (status == 404 && body.code == "NoSuchKey")
    throw NotFound(what, status, std::move(body.code), std::move(body.message),
                   std::move(body.request_id));
  throw Error(what, status, std::move(body.code), std::move(body.message),
              std::move(body.request_id));
}

void expect(const ObjectRequest& request, const HttpResponse& response,
            std::initializer_list<long> accepted) {
  if (std::find(accepted.begin(), accepted.end(), response.status) == accepted.end())
    raise(request, response);
}

}  // namespace tessera::s3
