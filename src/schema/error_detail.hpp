#pragma once
// The body of every error that is not a validation error: {"detail": "..."}.

#include <string>

#include <boost/describe/class.hpp>

namespace tessera::schema {

struct ErrorDetail {
  std::string detail;
};
BOOST_DESCRIBE_STRUCT(ErrorDetail, (), (detail))

}  // namespace tessera::schema
