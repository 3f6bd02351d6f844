// The S3 signer against the S3 API Reference's worked examples (bucket examplebucket, key id
// AKIAIOSFODNN7EXAMPLE, secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, us-east-1,
// 2013-05-24T00:00:00Z):
//   docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
//     "Examples: Signature Calculations" (GET Object, PUT Object, GET Bucket Lifecycle,
//     Get Bucket (List Objects)): canonical request, string to sign, signature;
//   docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
//     "An Example" (a presigned GET of test.txt for 86400 seconds).
// The pages print the Authorization header without a space after its commas; the signer
// writes one, as the SigV4 test suite and the SDKs do, and S3 takes either.

#include "s3/signer.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace tessera::s3 {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view empty = empty_payload_sha256;
const Time example_time = std::chrono::sys_days{std::chrono::year{2013} / 5 / 24};
constexpr std::string_view example_sts_head =
    "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n";

Signer example_signer(Endpoint endpoint = {"https", "s3.amazonaws.com",
                                           Addressing::virtual_hosted}) {
  return Signer(std::move(endpoint),
                {"AKIAIOSFODNN7EXAMPLE", core::Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
                "us-east-1");
}

std::string without_space_after_commas(std::string text) {
  for (std::size_t at; (at = text.find(", ")) != std::string::npos;) text.erase(at + 1, 1);
  return text;
}

const std::string* header(const SignedRequest& request, std::string_view name) {
  for (const auto& [n, value] : request.headers)
    if (n == name) return &value;
  return nullptr;
}

struct Example {
  std::string name;
  ObjectRequest request;
  std::string url;
  std::string canonical_request;
  std::string sts_hash;  // the string to sign's last line
  std::string signed_headers;
  std::string signature;
};

const std::string e = std::string(empty);
// The hash of the PUT example's body, "Welcome to Amazon S3.", as the page gives it.
const std::string put_body = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

const Example examples[] = {
    {"GetObjectWithRange",
     {"GET", "examplebucket", "test.txt", {}, {{"Range", "bytes=0-9"}}, e},
     "https://examplebucket.s3.amazonaws.com/test.txt",
     "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
     "x-amz-content-sha256:" +
         e +
         "\nx-amz-date:20130524T000000Z\n\n"
         "host;range;x-amz-content-sha256;x-amz-date\n" +
         e,
     "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
     "host;range;x-amz-content-sha256;x-amz-date",
     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
    {"PutObject",
     {"PUT",
      "examplebucket",
      "test$file.text",
      {},
      {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
      put_body},
     "https://examplebucket.s3.amazonaws.com/test%24file.text",
     "PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
     "host:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" +
         put_body +
         "\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
         "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n" +
         put_body,
     "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
     "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
     "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"},
    {"GetBucketLifecycle",
     {"GET", "examplebucket", "", {{"lifecycle", ""}}, {}, e},
     "https://examplebucket.s3.amazonaws.com/?lifecycle=",
     "GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" + e +
         "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n" + e,
     "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
     "host;x-amz-content-sha256;x-amz-date",
     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
    {"GetBucketListObjects",  // given out of order: the canonical query sorts them
     {"GET", "examplebucket", "", {{"prefix", "J"}, {"max-keys", "2"}}, {}, e},
     "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
     "GET\n/\nmax-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" + e +
         "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n" + e,
     "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
     "host;x-amz-content-sha256;x-amz-date",
     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
};

class S3Examples : public testing::TestWithParam<Example> {};

TEST_P(S3Examples, MatchThePublishedSignatureCalculation) {
  const Example& x = GetParam();
  const SignedRequest r = example_signer().sign(x.request, example_time);
  EXPECT_EQ(r.url, x.url);
  EXPECT_EQ(r.signature.canonical_request, x.canonical_request);
  EXPECT_EQ(r.signature.string_to_sign, std::string(example_sts_head) + x.sts_hash);
  EXPECT_EQ(r.signature.signature, x.signature);
  EXPECT_EQ(without_space_after_commas(r.signature.authorization),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=" +
                x.signed_headers + ",Signature=" + x.signature);
}

INSTANTIATE_TEST_SUITE_P(HeaderAuthentication, S3Examples, testing::ValuesIn(examples),
                         [](const testing::TestParamInfo<Example>& info) {
                           return info.param.name;
                         });

TEST(Signer, SendsTheCallersHeadersThenItsOwn) {
  const SignedRequest r = example_signer().sign(examples[0].request, example_time);
  const Fields sent{{"Range", "bytes=0-9"},
                    {"host", "examplebucket.s3.amazonaws.com"},
                    {"x-amz-date", "20130524T000000Z"},
                    {"x-amz-content-sha256", e},
                    {"authorization", r.signature.authorization}};
  EXPECT_EQ(r.headers, sent);
}

TEST(S3PresignExample, PresignedGet) {
  const SignedRequest r =
      example_signer().presign_get("examplebucket", "test.txt", 86400s, example_time);
  const std::string query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
      "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
      "X-Amz-SignedHeaders=host";
  EXPECT_EQ(r.signature.canonical_request,
            "GET\n/test.txt\n" + query +
                "\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(r.signature.string_to_sign,
            std::string(example_sts_head) +
                "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  EXPECT_EQ(r.signature.signature,
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(r.url, "https://examplebucket.s3.amazonaws.com/test.txt?" + query +
                       "&X-Amz-Signature="
                       "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(r.headers, (Fields{{"host", "examplebucket.s3.amazonaws.com"}}));
}

// Path-style addressing (Ceph RGW, MinIO): no published vector, so the shape is checked.
TEST(Signer, PathStyleKeepsTheBucketAndTheKeysSlashesInThePath) {
  const Signer signer =
      example_signer(Endpoint::parse("http://127.0.0.1:7480", Addressing::path_style));
  const SignedRequest r = signer.sign({"GET",
                                       "media",
                                       "originals/a b+c~.jpg",
                                       {{"prefix", "originals/"}},
                                       {},
                                       std::string(unsigned_payload)},
                                      example_time);
  EXPECT_EQ(r.url, "http://127.0.0.1:7480/media/originals/a%20b%2Bc~.jpg?prefix=originals%2F");
  EXPECT_EQ(r.signature.canonical_request,
            "GET\n/media/originals/a%20b%2Bc~.jpg\nprefix=originals%2F\nhost:127.0.0.1:7480\n"
            "x-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20130524T000000Z\n\n"
            "host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(*header(r, "host"), "127.0.0.1:7480");
  EXPECT_EQ(*header(r, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
}

TEST(Signer, PathStyleBucketRequestsNameTheBucketAlone) {
  const Signer signer =
      example_signer(Endpoint::parse("http://127.0.0.1:7480/", Addressing::path_style));
  const SignedRequest r =
      signer.sign({"GET", "media", "", {{"uploads", ""}}, {}, std::string(empty)}, example_time);
  EXPECT_EQ(r.url, "http://127.0.0.1:7480/media?uploads=");
}

TEST(Signer, PathStylePresignedGet) {
  const Signer signer =
      example_signer(Endpoint::parse("http://127.0.0.1:7480", Addressing::path_style));
  const SignedRequest r =
      signer.presign_get("media", "variants/x/160.webp", 60s, example_time,
                         {{"response-content-disposition", "attachment; filename=\"a b.webp\""}});
  const std::string query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
      "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=60&"
      "X-Amz-SignedHeaders=host&response-content-disposition=attachment%3B%20filename%3D%22a%20b."
      "webp%22";
  EXPECT_EQ(r.signature.canonical_request, "GET\n/media/variants/x/160.webp\n" + query +
                                               "\nhost:127.0.0.1:7480\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(r.url, "http://127.0.0.1:7480/media/variants/x/160.webp?" + query +
                       "&X-Amz-Signature=" + r.signature.signature);
  EXPECT_EQ(r.signature.signature.size(), 64u);
}

TEST(Signer, PresignedUrlsLastOneSecondToSevenDays) {
  const Signer signer = example_signer();
  EXPECT_THROW(signer.presign_get("examplebucket", "k", 0s, example_time), std::invalid_argument);
  EXPECT_NO_THROW(signer.presign_get("examplebucket", "k", 1s, example_time));
  EXPECT_NO_THROW(signer.presign_get("examplebucket", "k", 604800s, example_time));
  EXPECT_THROW(signer.presign_get("examplebucket", "k", 604801s, example_time),
               std::invalid_argument);
}

TEST(Signer, RefusesHeadersItSetsItself) {
  const Signer signer = example_signer();
  for (const char* name : {"Host", "X-Amz-Date", "x-amz-content-sha256", "Authorization"}) {
    const ObjectRequest request{"GET", "examplebucket", "k", {}, {{name, "x"}}, std::string(empty)};
    EXPECT_THROW(signer.sign(request, example_time), std::invalid_argument) << name;
  }
}

TEST(Signer, RefusesPresignParametersItSetsItself) {
  for (const char* name : {"X-Amz-Date", "x-amz-expires", "X-Amz-Signature"})
    EXPECT_THROW(
        example_signer().presign_get("examplebucket", "k", 60s, example_time, {{name, "1"}}),
        std::invalid_argument)
        << name;
}

TEST(Signer, RefusesBucketsTheAddressingCannotCarry) {
  const Signer hosted = example_signer();
  for (const char* bucket : {"", "Upper", "under_score", "-dash", "dot.", "two..dots", "a/b"})
    EXPECT_THROW(hosted.presign_get(bucket, "k", 60s, example_time), std::invalid_argument)
        << bucket;
  EXPECT_NO_THROW(hosted.presign_get("my.bucket-1", "k", 60s, example_time));

  const Signer path = example_signer({"http", "127.0.0.1:7480", Addressing::path_style});
  EXPECT_THROW(path.presign_get("", "k", 60s, example_time), std::invalid_argument);
  EXPECT_THROW(path.presign_get("a/b", "k", 60s, example_time), std::invalid_argument);
  EXPECT_NO_THROW(path.presign_get("Legacy_Bucket", "k", 60s, example_time));
}

TEST(Signer, RefusesWhatCannotSignAnything) {
  const Credentials credentials{"AKIAIOSFODNN7EXAMPLE", core::Secret("s")};
  EXPECT_THROW(Signer({"ftp", "h", Addressing::path_style}, credentials, "us-east-1"),
               std::invalid_argument);
  EXPECT_THROW(Signer({"https", "", Addressing::path_style}, credentials, "us-east-1"),
               std::invalid_argument);
  EXPECT_THROW(Signer({"https", "h", Addressing::path_style}, credentials, "US East"),
               std::invalid_argument);
  EXPECT_THROW(Signer({"https", "h", Addressing::path_style}, {"", core::Secret("s")}, "us-east-1"),
               std::invalid_argument);
}

TEST(Endpoint, ParsesSchemeHostAndPort) {
  const Endpoint local = Endpoint::parse("http://127.0.0.1:7480", Addressing::path_style);
  EXPECT_EQ(local.scheme, "http");
  EXPECT_EQ(local.host, "127.0.0.1:7480");
  EXPECT_EQ(local.addressing, Addressing::path_style);

  const Endpoint aws =
      Endpoint::parse("HTTPS://S3.eu-west-3.Amazonaws.com/", Addressing::virtual_hosted);
  EXPECT_EQ(aws.scheme, "https");
  EXPECT_EQ(aws.host, "s3.eu-west-3.amazonaws.com");
  EXPECT_EQ(aws.addressing, Addressing::virtual_hosted);

  EXPECT_EQ(Endpoint::parse("http://minio:80", Addressing::path_style).host, "minio");
  EXPECT_EQ(Endpoint::parse("https://h:443", Addressing::path_style).host, "h");
  EXPECT_EQ(Endpoint::parse("https://h:80", Addressing::path_style).host, "h:80");
  EXPECT_EQ(Endpoint::parse("http://[::1]:7480", Addressing::path_style).host, "[::1]:7480");
}

TEST(Endpoint, RefusesWhatIsNotSchemeHostAndPort) {
  for (const char* url : {"", "127.0.0.1:7480", "ftp://h", "http://", "http://h/bucket",
                          "http://h?x=1", "http://user@h", "http://h:0", "http://h:65536",
                          "http://h:", "http://h:12a", "http://h h", "http://[::1"})
    EXPECT_THROW(Endpoint::parse(url, Addressing::path_style), std::invalid_argument) << url;
}

}  // namespace
}  // namespace tessera::s3
