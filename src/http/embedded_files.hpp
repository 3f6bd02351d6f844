#pragma once
// Answers for files compiled into the binary (core/embedded_asset.hpp): the type from the
// name, the gzip copy for clients that take it, an ETag from the content and 304 for a
// client that has it already.

#include <string>
#include <string_view>

#include "core/embedded_asset.hpp"
#include "http/request.hpp"

namespace tessera::http {

// Content-Type from the file name's extension.
std::string content_type_of(std::string_view name);

// A strong ETag of the content (quoted); compute it once per file.
std::string etag_of(std::string_view data);

// 200 with the file (or 304 when If-None-Match names `etag`) and `cache_control`.
Response embedded_file_response(const EmbeddedAsset& file, std::string_view etag,
                                const Request& request, std::string_view cache_control);

}  // namespace tessera::http
