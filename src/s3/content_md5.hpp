#pragma once
// The Content-MD5 header of a request body (RFC 1864: the MD5 digest in base64), which S3
// wants on DeleteObjects.

#include <string>
#include <string_view>

namespace tessera::s3 {

std::string content_md5(std::string_view body);

}  // namespace tessera::s3
