// Feeds arbitrary bytes to the schema decoders as a JSON body, a form body and a query
// string: each must either decode or throw schema::ValidationError, and every error body
// must be valid JSON. Whatever decodes, from any of the three, must survive a round trip:
// its encoding decodes again to an equal value with the same encoding, and the encoding's
// text (a response body) is JSON holding the same contents.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "schema/schema.hpp"

#include "json_compare.hpp"

namespace fuzz {

enum class Color { red, green };
BOOST_DESCRIBE_ENUM(Color, red, green)

struct Leaf {
  std::string name;
  std::uint8_t level = 0;
  friend bool operator==(const Leaf&, const Leaf&) = default;
};
BOOST_DESCRIBE_STRUCT(Leaf, (), (name, level))
constexpr auto schema_rules(const Leaf*) {
  using namespace tessera::schema;
  return Rules{field(&Leaf::name, length(1, 16)), field(&Leaf::level, has_default(), le(9))};
}

struct Root {
  std::string email;
  std::optional<std::string> password;
  std::int64_t count = 0;
  double ratio = 0;
  bool flag = false;
  Color color = Color::red;
  std::optional<tessera::core::Uuid> id;
  std::optional<tessera::core::Timestamp> at;
  std::vector<std::string> tags;
  std::vector<Leaf> leaves;
  std::map<std::string, int> scores;
  boost::json::value extra;
  friend bool operator==(const Root&, const Root&) = default;
};
BOOST_DESCRIBE_STRUCT(Root, (),
                      (email, password, count, ratio, flag, color, id, at, tags, leaves, scores,
                       extra))
constexpr auto schema_rules(const Root*) {
  using namespace tessera::schema;
  return Rules{field(&Root::email, email_address()),
               field(&Root::password, length(8, 128)),
               field(&Root::count, has_default(), ge(0)),
               field(&Root::ratio, has_default(), lt(1.5)),
               field(&Root::flag, has_default()),
               field(&Root::color, has_default()),
               field(&Root::tags, has_default(), max_length(4)),
               field(&Root::leaves, has_default()),
               field(&Root::scores, has_default()),
               field(&Root::extra, has_default())};
}

void check_error_body(const tessera::schema::ValidationError& e) {
  if (e.errors().empty()) __builtin_trap();
  boost::json::error_code ec;
  boost::json::parse(e.to_json_string(), ec);
  if (ec) __builtin_trap();
}

template <class Decode>
void run(Decode decode) {
  Root root;
  try {
    root = decode();
  } catch (const tessera::schema::ValidationError& e) {
    check_error_body(e);
    return;
  }
  const boost::json::value encoded = tessera::schema::encode(root);
  // JSON has no infinities: a ratio of "-inf" decodes (ratio has only an upper bound) and is
  // written as null, as pydantic does by default, so it cannot come back.
  if (!std::isfinite(root.ratio)) {
    if (!encoded.at("ratio").is_null()) round_trip_failed("non-finite ratio not written as null");
    return;
  }
  Root again;
  try {
    again = tessera::schema::decode<Root>(encoded, {std::string("body")});
  } catch (const tessera::schema::ValidationError& e) {
    std::fprintf(stderr, "%s\n", e.to_json_string().c_str());
    round_trip_failed("the encoding of a decoded value is rejected");
  }
  if (!(again == root)) round_trip_failed("decoded value");
  if (tessera::schema::encode(again) != encoded) round_trip_failed("encoding");
  // The text a response would carry parses back to the same contents.
  boost::json::error_code ec;
  const boost::json::value parsed = boost::json::parse(boost::json::serialize(encoded), ec);
  if (ec) round_trip_failed("the encoding's text is not JSON");
  if (!same_json(parsed, encoded)) round_trip_failed("the encoding's text");
}

}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::run([&] { return tessera::schema::decode_json<fuzz::Root>(text); });
  fuzz::run([&] { return tessera::schema::decode_form<fuzz::Root>(text); });
  fuzz::run([&] { return tessera::schema::decode_query<fuzz::Root>(text); });
  return 0;
}
