#pragma once
// The state of one decoding pass: where the decoder is, and the problems found so far.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "schema/error.hpp"

namespace tessera::schema {

class DecodeContext {
 public:
  // A body with thousands of bad items yields a bounded error list.
  static constexpr std::size_t max_errors = 1000;

  explicit DecodeContext(Loc root) : loc_(std::move(root)) {}

  void push(std::string_view key) { loc_.emplace_back(std::string(key)); }
  void push(std::size_t index) { loc_.emplace_back(index); }
  void pop() { loc_.pop_back(); }
  const Loc& loc() const { return loc_; }

  // Records a problem at the current location. `input` is echoed in the error body unless
  // the location names a password.
  void fail(std::string_view type, std::string msg, const boost::json::value* input = nullptr,
            boost::json::object ctx = {});
  void missing() { fail("missing", "Field required"); }

  bool failed() const { return count_ > 0; }
  std::size_t error_count() const { return count_; }
  ErrorList take() { return std::move(errors_); }

 private:
  Loc loc_;
  ErrorList errors_;
  std::size_t count_ = 0;
};

// Appends one step to the location for the lifetime of the scope.
class LocScope {
 public:
  LocScope(DecodeContext& ctx, std::string_view key) : ctx_(ctx) { ctx_.push(key); }
  LocScope(DecodeContext& ctx, std::size_t index) : ctx_(ctx) { ctx_.push(index); }
  ~LocScope() { ctx_.pop(); }
  LocScope(const LocScope&) = delete;
  LocScope& operator=(const LocScope&) = delete;

 private:
  DecodeContext& ctx_;
};

}  // namespace tessera::schema
