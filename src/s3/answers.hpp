#pragma once
// What the answers of S3 mean for s3::Client: whether one is worth another try, and the error
// that one refusing a request becomes.

#include <initializer_list>
#include <string>

#include "s3/signer.hpp"
#include "s3/transport.hpp"

namespace tessera::s3 {

// "S3 GET tessera/photos/a.jpg": the operation, for messages.
std::string describe(const ObjectRequest& request);

// 500, 502, 503 (SlowDown), 504, and 400 RequestTimeout (the server gave up waiting for
// the body): answers that another try may turn into a success.
bool is_transient(const HttpResponse& response);

// The error for `response` (status, Code and Message of its error body, request id):
// core::UnavailableError when it is transient or its code is SlowDown or InternalError (also
// in a 200, as CompleteMultipartUpload may answer), NotFound for 404 NoSuchKey, Error
// otherwise.
[[noreturn]] void raise(const ObjectRequest& request, const HttpResponse& response);

// raise() unless the answer's status is one of `accepted`.
void expect(const ObjectRequest& request, const HttpResponse& response,
            std::initializer_list<long> accepted);

}  // namespace tessera::s3
