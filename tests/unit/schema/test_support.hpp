#pragma once
// Helpers for asserting on validation errors.

#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "schema/error.hpp"

namespace tessera::test {

// Runs `f`, which must throw schema::ValidationError, and returns the error's "detail" array.
template <class F>
boost::json::array detail_of(F&& f) {
  try {
    f();
  } catch (const schema::ValidationError& e) {
    return e.to_json().at("detail").as_array();
  }
  ADD_FAILURE() << "expected a ValidationError";
  return {};
}

inline boost::json::value js(std::string_view text) {
  return boost::json::parse(text);
}

// Asserts the loc, msg and type of one error item.
inline void expect_item(const boost::json::value& item, std::string_view loc, std::string_view msg,
                        std::string_view type) {
  EXPECT_EQ(item.at("loc"), js(loc)) << item;
  EXPECT_EQ(item.at("msg").as_string(), msg) << item;
  EXPECT_EQ(item.at("type").as_string(), type) << item;
}

}  // namespace tessera::test
