#include "http/embedded_files.hpp"

#include <gtest/gtest.h>

namespace tessera::http {
namespace {

const EmbeddedAsset kFile{"assets/app-1234.js", "console.log('hello, hello, hello, hello')",
                          "zipped"};

Request get(std::string if_none_match = {}, std::string encoding = {}) {
  Request request{.method = Method::get, .path = "/assets/app-1234.js"};
  if (!if_none_match.empty()) request.headers.add("If-None-Match", if_none_match);
  if (!encoding.empty()) request.headers.add("Accept-Encoding", encoding);
  return request;
}

TEST(EmbeddedFiles, TypesComeFromTheName) {
  EXPECT_EQ(content_type_of("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("assets/a-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_of("assets/a-1.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_of("icon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_of("README"), "application/octet-stream");
}

TEST(EmbeddedFiles, EtagsAreQuotedAndFollowTheContent) {
  const std::string etag = etag_of(kFile.data);
  EXPECT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag, etag_of(kFile.data));
  EXPECT_NE(etag, etag_of("console.log('other')"));
}

TEST(EmbeddedFiles, AnswersTheFileWithItsEtagAndCaching) {
  const std::string etag = etag_of(kFile.data);
  const Response response = embedded_file_response(kFile, etag, get(), "no-cache");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kFile.data);
  EXPECT_EQ(response.headers.get("ETag"), etag);
  EXPECT_EQ(response.headers.get("Cache-Control"), "no-cache");
  EXPECT_EQ(response.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
}

TEST(EmbeddedFiles, GzipOnlyForClientsThatTakeIt) {
  const Response response =
      embedded_file_response(kFile, etag_of(kFile.data), get({}, "gzip, br"), "x");
  EXPECT_EQ(response.body, "zipped");
  EXPECT_EQ(response.headers.get("Content-Encoding"), "gzip");
  EXPECT_EQ(response.headers.get("Vary"), "Accept-Encoding");
}

TEST(EmbeddedFiles, NotModifiedWhenTheClientHasIt) {
  const std::string etag = etag_of(kFile.data);
  EXPECT_EQ(embedded_file_response(kFile, etag, get(etag), "x").status, 304);
  EXPECT_TRUE(embedded_file_response(kFile, etag, get(etag), "x").body.empty());
  EXPECT_EQ(embedded_file_response(kFile, etag, get("\"other\", " + etag), "x").status, 304);
  EXPECT_EQ(embedded_file_response(kFile, etag, get("\"other\""), "x").status, 200);
}

}  // namespace
}  // namespace tessera::http
