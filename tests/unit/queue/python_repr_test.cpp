#include "queue/python_repr.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace tessera::queue {
namespace {

namespace json = boost::json;

TEST(PythonRepr, WritesArgsAsATuple) {
  EXPECT_EQ(python_args_repr(json::array{}), "()");
  EXPECT_EQ(python_args_repr(json::array{1}), "(1,)");
  EXPECT_EQ(python_args_repr(json::array{1, 2}), "(1, 2)");
  EXPECT_EQ(
      python_args_repr(
          json::parse(R"([null, true, false, 2.0, 0.5, "a'b\\", [1], {"k": []}])").as_array()),
      R"((None, True, False, 2.0, 0.5, 'a\'b\\', [1], {'k': []}))");
}

TEST(PythonRepr, WritesKwargsAsADict) {
  EXPECT_EQ(python_kwargs_repr(json::object{}), "{}");
  EXPECT_EQ(python_kwargs_repr(json::object{{"size", 128}, {"name", "x\ny"}}),
            R"({'size': 128, 'name': 'x\ny'})");
}

TEST(PythonRepr, TruncatesLongValues) {
  const std::string long_text(5000, 'a');
  const std::string repr = python_args_repr(json::array{long_text, long_text}, 100);
  EXPECT_EQ(repr.size(), 103u);
  EXPECT_EQ(repr.substr(100), "...");
}

}  // namespace
}  // namespace tessera::queue
