#include "redis/reply.hpp"

#include <hiredis/hiredis.h>

namespace tessera::redis {
namespace {

std::string first_word(const std::string& message) {
  return message.substr(0, message.find(' '));
}

const char* type_name(Reply::Type type) {
  switch (type) {
    case Reply::Type::nil:
      return "nil";
    case Reply::Type::integer:
      return "integer";
    case Reply::Type::string:
      return "string";
    case Reply::Type::status:
      return "status";
    case Reply::Type::error:
      return "error";
    case Reply::Type::array:
      return "array";
  }
  return "unknown";
}

[[noreturn]] void wrong_type(Reply::Type expected, Reply::Type actual) {
  throw Error(std::string("ERR unexpected reply: expected ") + type_name(expected) + ", got " +
              type_name(actual));
}

}  // namespace

Error::Error(const std::string& message)
    : std::runtime_error(message), code_(first_word(message)) {}

Reply Reply::from_hiredis(const redisReply& reply) {
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      return integer(reply.integer);
    case REDIS_REPLY_STRING:
      return string(std::string(reply.str, reply.len));
    case REDIS_REPLY_STATUS:
      return string(std::string(reply.str, reply.len), Type::status);
    case REDIS_REPLY_ERROR:
      return string(std::string(reply.str, reply.len), Type::error);
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i)
        elements.push_back(from_hiredis(*reply.element[i]));
      return array(std::move(elements));
    }
    default:
      return Reply();  // REDIS_REPLY_NIL
  }
}

Reply Reply::integer(std::int64_t value) {
  Reply reply;
  reply.type_ = Type::integer;
  reply.integer_ = value;
  return reply;
}

Reply Reply::string(std::string value, Type type) {
  Reply reply;
  reply.type_ = type;
  reply.string_ = std::move(value);
  return reply;
}

Reply Reply::array(std::vector<Reply> elements) {
  Reply reply;
  reply.type_ = Type::array;
  reply.elements_ = std::move(elements);
  return reply;
}

std::int64_t Reply::as_integer() const {
  throw_if_error_const();
  if (type_ != Type::integer) wrong_type(Type::integer, type_);
  return integer_;
}

const std::string& Reply::as_string() const {
  if (type_ != Type::string && type_ != Type::status && type_ != Type::error)
    wrong_type(Type::string, type_);
  return string_;
}

const std::vector<Reply>& Reply::as_array() const {
  throw_if_error_const();
  if (type_ != Type::array) wrong_type(Type::array, type_);
  return elements_;
}

void Reply::throw_if_error_const() const {
  if (type_ == Type::error) throw Error(string_);
}

Reply& Reply::throw_if_error() & {
  throw_if_error_const();
  return *this;
}

Reply&& Reply::throw_if_error() && {
  throw_if_error_const();
  return std::move(*this);
}

}  // namespace tessera::redis
