#include "http/typed_handler.hpp"

#include "core/ascii.hpp"
#include "http/http_error.hpp"

namespace tessera::http::detail {

void require_content_type(const Request& request, std::string_view expected) {
  std::string_view type = request.headers.get("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  // A JSON body without a Content-Type is accepted, as FastAPI does.
  if (type.empty() && expected == "application/json") return;
  if (core::iequals(type, expected)) return;
  if (expected == "application/json" && type.size() > 5 &&
      core::iequals(type.substr(type.size() - 5), "+json"))
    return;
  throw HttpError(415, "Unsupported media type: expected " + std::string(expected));
}

}  // namespace tessera::http::detail
