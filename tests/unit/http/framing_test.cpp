#include "http/framing.hpp"

#include <initializer_list>
#include <utility>

#include <gtest/gtest.h>

namespace tessera::http {
namespace {

using Fields = std::initializer_list<std::pair<const char*, const char*>>;

Request request(Fields fields, unsigned version = 11) {
  Request r{.method = Method::post, .path = "/upload"};
  r.version = version;
  for (const auto& [name, value] : fields) r.headers.add(name, value);
  return r;
}

// 0 when the framing is accepted.
int status_of(Fields fields, unsigned version = 11) {
  const auto refusal = check_framing(request(fields, version));
  return refusal ? refusal->status : 0;
}

TEST(Framing, NoTransferEncodingIsLeftToContentLength) {
  EXPECT_EQ(status_of({}), 0);
  EXPECT_EQ(status_of({{"Content-Length", "12"}}), 0);
  EXPECT_EQ(status_of({{"Content-Length", "12"}}, 10), 0);
}

TEST(Framing, ChunkedAloneIsAccepted) {
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked"}}), 0);
  EXPECT_EQ(status_of({{"transfer-encoding", "Chunked"}}), 0);
  EXPECT_EQ(status_of({{"Transfer-Encoding", " chunked\t"}}), 0);
  EXPECT_EQ(status_of({{"Transfer-Encoding", ", chunked,"}}), 0);  // empty elements
}

TEST(Framing, CodingsThatDoNotEndInChunkedAre400) {
  // The smuggling case: read as "no body", the body would be the next request.
  EXPECT_EQ(status_of({{"Transfer-Encoding", "gzip"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked, gzip"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "gzip"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "identity"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", ""}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked;ext=1"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunkedx"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "\"chunked\""}}), 400);
}

TEST(Framing, ChunkedTwiceIs400) {
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked, chunked"}}), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}), 400);
}

TEST(Framing, BothTransferEncodingAndContentLengthAre400) {
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}), 400);
  EXPECT_EQ(status_of({{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}), 400);
  EXPECT_EQ(status_of({{"Content-Length", "0"}, {"Transfer-Encoding", "gzip"}}), 400);
}

TEST(Framing, TransferEncodingOnHttp10Is400) {
  EXPECT_EQ(status_of({{"Transfer-Encoding", "chunked"}}, 10), 400);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "gzip"}}, 10), 400);
}

TEST(Framing, CodingsBeforeChunkedAreNotImplemented) {
  EXPECT_EQ(status_of({{"Transfer-Encoding", "gzip, chunked"}}), 501);
  EXPECT_EQ(status_of({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}), 501);
}

TEST(Framing, TheRefusalSaysWhy) {
  const auto refusal = check_framing(request({{"Transfer-Encoding", "gzip"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->detail, "Transfer-Encoding must end with a single chunked");
}

}  // namespace
}  // namespace tessera::http
