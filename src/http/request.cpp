#include "http/request.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/ascii.hpp"

namespace tessera::http {

std::string_view to_string(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::delete_:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      break;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (auto m : {Method::get, Method::head, Method::post, Method::put, Method::patch,
                 Method::delete_, Method::options})
    if (name == to_string(m)) return m;
  return Method::other;
}

void Headers::set(std::string_view name, std::string value) {
  std::erase_if(items_, [&](const auto& item) { return core::iequals(item.first, name); });
  items_.emplace_back(std::string(name), std::move(value));
}

const std::string* Headers::find(std::string_view name) const {
  for (const auto& [key, value] : items_)
    if (core::iequals(key, name)) return &value;
  return nullptr;
}

std::string_view Headers::get(std::string_view name) const {
  const auto* value = find(name);
  return value ? std::string_view(*value) : std::string_view();
}

Response Response::json(int status, std::string body) {
  Response r{.status = status, .body = std::move(body)};
  r.headers.add("Content-Type", "application/json");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r{.status = status, .body = std::move(body)};
  r.headers.add("Content-Type", std::move(content_type));
  return r;
}

Response Response::detail(int status, std::string_view message) {
  std::string body = R"({"detail":)";
  body += boost::json::serialize(boost::json::string(message));
  body += '}';
  return json(status, std::move(body));
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace tessera::http
