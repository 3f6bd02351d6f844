// The bodies of S3's operations (as Ceph RGW 16 and the S3 API Reference write them), the
// Content-MD5 of a body, and what an answer becomes for the client: another try, NotFound,
// Error, or core::UnavailableError.

#include "s3/messages.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "s3/answers.hpp"
#include "s3/content_md5.hpp"
#include "s3/error.hpp"
#include "s3/xml.hpp"

namespace tessera::s3 {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view no_such_key =
    R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message></Message>)"
    R"(<BucketName>tessera</BucketName><RequestId>tx000003427f66506a3a0fd-006b15e79e-1008-default</RequestId>)"
    R"(<HostId>1008-default-default</HostId></Error>)";

std::string listing(std::string_view contents, std::string_view tail) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                     "<Name>tessera</Name><Prefix>p/</Prefix><MaxKeys>2</MaxKeys>") +
         std::string(contents) + std::string(tail) + "</ListBucketResult>";
}

std::string contents(std::string_view key, std::string_view size,
                     std::string_view time = "2026-12-06T22:46:49.212Z") {
  return "<Contents><Key>" + std::string(key) + "</Key><LastModified>" + std::string(time) +
         "</LastModified><ETag>&quot;abc&quot;</ETag><Size>" + std::string(size) +
         "</Size><StorageClass>STANDARD</StorageClass></Contents>";
}

TEST(Messages, ReadsAnErrorBody) {
  const auto body = read_error_body(no_such_key);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->code, "NoSuchKey");
  EXPECT_EQ(body->message, "");
  EXPECT_EQ(body->request_id, "tx000003427f66506a3a0fd-006b15e79e-1008-default");

  EXPECT_FALSE(read_error_body(""));
  EXPECT_FALSE(read_error_body("<html><body>502 Bad Gateway</body></html>"));
  EXPECT_FALSE(read_error_body("<html><body>502 Bad Gateway<br></body></html>"));
  EXPECT_FALSE(read_error_body(listing("", "")));
}

TEST(Messages, ReadsAListingPage) {
  const ListPage page = read_list_page(listing(
      contents("p/a &amp; b", "6") + contents("p/&#x01;", "0", "2026-12-06T22:46:50Z"),
      "<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/"
      "wm36Hy4vbOwM=</NextContinuationToken><KeyCount>2</KeyCount>"));
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "p/a & b");
  EXPECT_EQ(page.objects[0].size, 6u);
  EXPECT_EQ(page.objects[0].etag, "\"abc\"");
  EXPECT_EQ(page.objects[0].last_modified,
            std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + 22h + 46min + 49s + 212ms);
  EXPECT_EQ(page.objects[1].key, "p/\x01");
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");

  const ListPage last = read_list_page(listing("", "<IsTruncated>false</IsTruncated>"));
  EXPECT_TRUE(last.objects.empty());
  EXPECT_FALSE(last.truncated);
}

TEST(Messages, RefusesListingsItCannotUse) {
  for (const std::string& bad : {
           listing("", "<IsTruncated>true</IsTruncated>"),
           listing("", "<IsTruncated>yes</IsTruncated>"),
           listing(contents("k", "-1"), ""),
           listing(contents("k", "12x"), ""),
           listing(contents("k", ""), ""),
           listing(contents("k", "1", "yesterday"), ""),
           listing("<Contents><Size>1</Size></Contents>", ""),
           std::string(no_such_key),
           std::string("<ListBucketResult>"),
       })
    EXPECT_THROW(read_list_page(bad), XmlError) << bad;
}

TEST(Messages, ReadsAnUploadIdAndUploadsInProgress) {
  EXPECT_EQ(
      read_upload_id(
          R"(<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<Bucket>tessera</Bucket><Key>probe/up</Key>"
          "<UploadId>2~0sREIz8B6oKcH29LiGfcQLv-stxb9-6</UploadId>"
          "</InitiateMultipartUploadResult>"),
      "2~0sREIz8B6oKcH29LiGfcQLv-stxb9-6");
  EXPECT_THROW(read_upload_id("<InitiateMultipartUploadResult><UploadId/>"
                              "</InitiateMultipartUploadResult>"),
               XmlError);
  EXPECT_THROW(read_upload_id(no_such_key), XmlError);

  const UploadPage page = read_upload_page(
      "<ListMultipartUploadsResult><Bucket>tessera</Bucket><KeyMarker></KeyMarker>"
      "<NextKeyMarker>p/b</NextKeyMarker><NextUploadIdMarker>2~y</NextUploadIdMarker>"
      "<MaxUploads>2</MaxUploads><IsTruncated>true</IsTruncated>"
      "<Upload><Key>p/a</Key><UploadId>2~x</UploadId><Initiated>2026-12-06T22:46:49.000Z"
      "</Initiated></Upload>"
      "<Upload><Key>p/b</Key><UploadId>2~y</UploadId><Initiated>2026-12-06T22:46:50.000Z"
      "</Initiated></Upload></ListMultipartUploadsResult>");
  ASSERT_EQ(page.uploads.size(), 2u);
  EXPECT_EQ(page.uploads[1].key, "p/b");
  EXPECT_EQ(page.uploads[1].upload_id, "2~y");
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_key_marker, "p/b");
  EXPECT_EQ(page.next_upload_id_marker, "2~y");
}

TEST(Messages, WritesTheBodiesOfCompleteAndDelete) {
  const CompletedPart parts[] = {{1, "\"a54357aff0632cce46d942af68356b38\""}, {2, "\"0c78\""}};
  EXPECT_EQ(complete_upload_body(parts),
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
            "<ETag>&quot;a54357aff0632cce46d942af68356b38&quot;</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>&quot;0c78&quot;</ETag></Part>"
            "</CompleteMultipartUpload>");
  const std::string keys[] = {"p/a & <b>", "p/\xc3\xa9\r"};
  EXPECT_EQ(delete_objects_body(keys),
            "<Delete><Quiet>true</Quiet><Object><Key>p/a &amp; &lt;b&gt;</Key></Object>"
            "<Object><Key>p/\xc3\xa9&#13;</Key></Object></Delete>");
}

TEST(Messages, ReadsTheFailuresOfADelete) {
  EXPECT_TRUE(read_delete_failures("<DeleteResult/>").empty());
  const auto failures = read_delete_failures(
      "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Deleted><Key>a</Key>"
      "</Deleted><Error><Key>b&amp;c</Key><Code>AccessDenied</Code><Message>Access Denied"
      "</Message></Error></DeleteResult>");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].key, "b&c");
  EXPECT_EQ(failures[0].code, "AccessDenied");
  EXPECT_EQ(failures[0].message, "Access Denied");
}

TEST(Messages, KnowsWhichKeysXmlCanCarry) {
  EXPECT_TRUE(xml_can_carry("photos/a b/\xc3\xa9\t\n\r&<>"));
  EXPECT_FALSE(xml_can_carry(std::string("a\0b", 3)));
  EXPECT_FALSE(xml_can_carry("a\x01"));
  EXPECT_FALSE(xml_can_carry("a\x1f"));
  EXPECT_FALSE(xml_can_carry("\xc3"));          // a sequence cut short
  EXPECT_FALSE(xml_can_carry("\xed\xa0\x80"));  // a surrogate
}

TEST(Messages, ContentMd5IsTheDigestInBase64) {
  EXPECT_EQ(content_md5(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(content_md5("The quick brown fox jumps over the lazy dog"), "nhB9nTcrtoJr2B01QqQZ1g==");
}

HttpResponse answer(long status, std::string body = {}, Fields headers = {}) {
  return {status, std::move(headers), std::move(body), 0};
}

const ObjectRequest get{"GET", "tessera", "p/a.jpg"};

TEST(Answers, TransientOnesAreWorthAnotherTry) {
  for (long status : {500L, 502L, 503L, 504L}) EXPECT_TRUE(is_transient(answer(status)));
  EXPECT_TRUE(is_transient(answer(400, "<Error><Code>RequestTimeout</Code></Error>")));
  EXPECT_FALSE(is_transient(answer(400, "<Error><Code>InvalidArgument</Code></Error>")));
  for (long status : {200L, 206L, 403L, 404L, 416L}) EXPECT_FALSE(is_transient(answer(status)));
}

TEST(Answers, ARefusalBecomesAnErrorWithItsCodeAndRequestId) {
  try {
    raise(get, answer(403,
                      "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message>"
                      "<RequestId>tx1</RequestId></Error>"));
    FAIL() << "no error";
  } catch (const NotFound&) {
    FAIL() << "a 403 is not a NotFound";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 403);
    EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(e.message(), "no");
    EXPECT_EQ(e.request_id(), "tx1");
    EXPECT_STREQ(e.what(), "S3 GET tessera/p/a.jpg: 403 SignatureDoesNotMatch: no (request tx1)");
  }
  try {
    raise(get, answer(403, "", {{"x-amz-request-id", "tx2"}}));
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "");
    EXPECT_EQ(e.request_id(), "tx2");
    EXPECT_STREQ(e.what(), "S3 GET tessera/p/a.jpg: 403 (request tx2)");
  }
}

TEST(Answers, AMissingKeyIsNotFoundAndAMissingBucketIsNot) {
  EXPECT_THROW(raise(get, answer(404, std::string(no_such_key))), NotFound);
  try {
    raise(get, answer(404, "<Error><Code>NoSuchBucket</Code></Error>"));
  } catch (const NotFound&) {
    FAIL() << "a missing bucket is not a missing object";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "NoSuchBucket");
  }
}

TEST(Answers, ServerFailuresAreUnavailable) {
  EXPECT_THROW(raise(get, answer(503, "<Error><Code>SlowDown</Code></Error>")),
               core::UnavailableError);
  EXPECT_THROW(raise(get, answer(500)), core::UnavailableError);
  EXPECT_THROW(raise(get, answer(200, "<Error><Code>InternalError</Code></Error>")),
               core::UnavailableError);
  EXPECT_THROW(raise(get, answer(200, "<Error><Code>InvalidPart</Code></Error>")), Error);
}

TEST(Answers, ExpectAcceptsTheStatusesGiven) {
  EXPECT_NO_THROW(expect(get, answer(206), {200, 206}));
  EXPECT_THROW(expect(get, answer(204), {200, 206}), Error);
}

}  // namespace
}  // namespace tessera::s3
