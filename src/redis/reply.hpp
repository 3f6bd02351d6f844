#pragma once
// An owning copy of a Redis reply (RESP2: hiredis 0.14 has no RESP3), so that it outlives
// the hiredis callback that delivered it, and the error a Redis error reply becomes.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

struct redisReply;

namespace tessera::redis {

// A reply such as "WRONGTYPE Operation against a key holding the wrong kind of value".
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  // The first word of the message ("WRONGTYPE", "NOSCRIPT", "ERR").
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

class Reply {
 public:
  enum class Type { nil, integer, string, status, error, array };

  Reply() = default;  // nil
  static Reply from_hiredis(const redisReply& reply);
  static Reply integer(std::int64_t value);
  static Reply string(std::string value, Type type = Type::string);
  static Reply array(std::vector<Reply> elements);

  Type type() const { return type_; }
  bool is_nil() const { return type_ == Type::nil; }
  bool is_error() const { return type_ == Type::error; }
  // Typed access; each throws Error when the reply has another type.
  std::int64_t as_integer() const;
  const std::string& as_string() const;  // a bulk string, a status ("OK") or an error text
  const std::vector<Reply>& as_array() const;
  // Throws Error when this is an error reply, else returns itself.
  Reply& throw_if_error() &;
  Reply&& throw_if_error() &&;

 private:
  void throw_if_error_const() const;

  Type type_ = Type::nil;
  std::int64_t integer_ = 0;
  std::string string_;
  std::vector<Reply> elements_;
};

}  // namespace tessera::redis
