#pragma once
// One request of s3::Client as its operations hand it to Client::send(): for the client's own
// files only.

#include "s3/client.hpp"
#include "s3/transport.hpp"

namespace tessera::s3 {

struct Client::Call {
  ObjectRequest request;
  BodyWindow body;                 // PUT and POST: the bytes sent (none: an empty body)
  const BodySink* sink = nullptr;  // GET: where a 2xx answer's body goes
  bool idempotent = true;          // whether a transient failure is tried again
};

}  // namespace tessera::s3
