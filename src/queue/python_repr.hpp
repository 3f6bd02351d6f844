#pragma once
// Python's repr() of JSON values, for the argsrepr/kwargsrepr headers that Celery's tools
// (flower, `celery inspect`) show instead of decoding the body.

#include <cstddef>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace tessera::queue {

// Celery's default limit (argsrepr_maxsize) for each of the two headers.
inline constexpr std::size_t kReprMaxSize = 1024;

// As a tuple, as `task.delay(*args)` sends them: "(1, 'a')", "(1,)", "()".
std::string python_args_repr(const boost::json::array& args, std::size_t max_size = kReprMaxSize);
// As a dict: "{'size': 128}".
std::string python_kwargs_repr(const boost::json::object& kwargs,
                               std::size_t max_size = kReprMaxSize);

}  // namespace tessera::queue
