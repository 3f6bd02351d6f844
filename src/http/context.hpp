#pragma once
// Everything a handler knows of the request it serves.

#include <any>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/uuid.hpp"
#include "http/request.hpp"

namespace tessera::http {

struct Route;

class Context {
 public:
  explicit Context(Request& request)
      : request_(request), started_(std::chrono::steady_clock::now()) {}

  Request& request() { return request_; }
  const Request& request() const { return request_; }
  const std::string& request_id() const { return request_id_; }
  void set_request_id(std::string id) { request_id_ = std::move(id); }
  std::chrono::steady_clock::time_point started() const { return started_; }

  // The matched route (null for 404/405 answers).
  const Route* route() const { return route_; }
  void set_route(const Route* route, std::vector<std::pair<std::string, std::string>> params) {
    route_ = route;
    path_params_ = std::move(params);
  }

  const std::vector<std::pair<std::string, std::string>>& path_params() const {
    return path_params_;
  }
  // Path parameters, already validated against the template's types.
  std::string_view path_param(std::string_view name) const;
  core::Uuid uuid_param(std::string_view name) const;
  long long int_param(std::string_view name) const;

  // Headers to add to whatever response is sent (also to error responses).
  Headers& response_headers() { return response_headers_; }

  // Who sent the request, set by the authenticator on routes that need a user. The server
  // does not know what a user is: the layer that authenticates chooses the type, and
  // reads it back with principal<T>() (std::logic_error on a route without one).
  template <class T>
  const T& principal() const {
    const T* found = std::any_cast<T>(&principal_);
    if (!found) throw std::logic_error("no authenticated user on this route");
    return *found;
  }
  void set_principal(std::any principal) { principal_ = std::move(principal); }

 private:
  Request& request_;
  std::string request_id_;
  std::chrono::steady_clock::time_point started_;
  const Route* route_ = nullptr;
  std::vector<std::pair<std::string, std::string>> path_params_;
  Headers response_headers_;
  std::any principal_;
};

}  // namespace tessera::http
