#include "http/multipart.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::http {
namespace {

using namespace std::string_literals;

constexpr std::string_view kBoundary = "XyZ";

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string data;
  bool ended = false;
  bool operator==(const Part&) const = default;
};

// Records the callbacks as parts and checks that they come in begin, data..., end order.
class Collector {
 public:
  MultipartParser::Callbacks callbacks() {
    return {
        .on_part_begin =
            [this](const PartHeaders& h) {
              EXPECT_TRUE(parts.empty() || parts.back().ended) << "begin inside a part";
              parts.push_back(
                  {.name = h.name, .filename = h.filename, .content_type = h.content_type});
            },
        .on_part_data =
            [this](std::string_view data) {
              ASSERT_FALSE(parts.empty() || parts.back().ended) << "data outside a part";
              EXPECT_FALSE(data.empty());
              parts.back().data.append(data);
              ++data_calls;
            },
        .on_part_end =
            [this] {
              ASSERT_FALSE(parts.empty() || parts.back().ended) << "end outside a part";
              parts.back().ended = true;
            },
    };
  }
  std::vector<Part> parts;
  int data_calls = 0;
};

// Feeds `body` in pieces of `chunk` bytes, then finishes.
std::vector<Part> parse(std::string_view body, std::size_t chunk = std::string_view::npos,
                        MultipartLimits limits = {},
                        std::string boundary = std::string(kBoundary)) {
  Collector collector;
  MultipartParser parser(std::move(boundary), collector.callbacks(), limits);
  for (std::size_t at = 0; at < body.size(); at += chunk) parser.feed(body.substr(at, chunk));
  parser.finish();
  EXPECT_TRUE(parser.done());
  return collector.parts;
}

// The MultipartError message that parsing `body` (fed whole and 1 byte at a time) ends with.
std::string error_of(std::string_view body, MultipartLimits limits = {}) {
  std::string messages[2];
  for (int i = 0; i < 2; ++i) {
    try {
      parse(body, i == 0 ? std::string_view::npos : 1, limits);
      ADD_FAILURE() << "no error for: " << body;
    } catch (const MultipartError& e) {
      messages[i] = e.what();
    }
  }
  EXPECT_EQ(messages[0], messages[1]) << "the chunking changed the error";
  return messages[0];
}

std::string part(std::string_view headers, std::string_view data) {
  return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n" +
         std::string(data) + "\r\n";
}

std::string field(std::string_view name, std::string_view value) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n", value);
}

const std::string kClose = "--" + std::string(kBoundary) + "--\r\n";

TEST(Multipart, FileAndTextField) {
  const auto body = field("title", "Holiday") +
                    part(
                        "Content-Disposition: form-data; name=\"photo\"; filename=\"beach.png\"\r\n"
                        "Content-Type: image/png\r\n",
                        std::string("\x89PNG\r\n\x1a\n\0\0", 10)) +
                    kClose;
  const auto parts = parse(body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (Part{.name = "title", .data = "Holiday", .ended = true}));
  EXPECT_EQ(parts[1], (Part{.name = "photo",
                            .filename = "beach.png",
                            .content_type = "image/png",
                            .data = std::string("\x89PNG\r\n\x1a\n\0\0", 10),
                            .ended = true}));
}

// Data full of near-delimiters, an empty part, padding: every chunking gives the same parts.
const std::string kTricky =
    "preamble \r\n--XyY\r\n" + field("a", "\r\n--X\r\n--Xy\r\r\n--Xy-\r\n-") + field("empty", "") +
    "--XyZ \t\r\nContent-Disposition: form-data; name=b; filename=\"b.bin\"\r\n\r\n" +
    "-\r--XyZ\r\r\n\r\n\r\n-\r\n--XyZ--\r\nepilogue\r\n--XyZ\r\n";

TEST(Multipart, TrickyBodyParsesAsExpected) {
  const auto parts = parse(kTricky);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].data, "\r\n--X\r\n--Xy\r\r\n--Xy-\r\n-");
  EXPECT_EQ(parts[1], (Part{.name = "empty", .ended = true}));
  EXPECT_EQ(
      parts[2],
      (Part{.name = "b", .filename = "b.bin", .data = "-\r--XyZ\r\r\n\r\n\r\n-", .ended = true}));
}

TEST(Multipart, EverySplitPointGivesTheSameParts) {
  const auto expected = parse(kTricky);
  for (std::size_t split = 0; split <= kTricky.size(); ++split) {
    Collector collector;
    MultipartParser parser(std::string(kBoundary), collector.callbacks());
    parser.feed(std::string_view(kTricky).substr(0, split));
    parser.feed(std::string_view(kTricky).substr(split));
    parser.finish();
    ASSERT_EQ(collector.parts, expected) << "split at " << split;
  }
}

TEST(Multipart, EveryTwoSplitPointsGiveTheSameParts) {
  const std::string_view body = kTricky;
  const auto expected = parse(body);
  for (std::size_t i = 0; i <= body.size(); ++i)
    for (std::size_t j = i; j <= body.size(); ++j) {
      Collector collector;
      MultipartParser parser(std::string(kBoundary), collector.callbacks());
      parser.feed(body.substr(0, i));
      parser.feed(body.substr(i, j - i));
      parser.feed(body.substr(j));
      parser.finish();
      ASSERT_EQ(collector.parts, expected) << "split at " << i << " and " << j;
    }
}

TEST(Multipart, EveryChunkSizeGivesTheSameParts) {
  const auto expected = parse(kTricky);
  for (std::size_t chunk = 1; chunk <= kTricky.size(); ++chunk)
    ASSERT_EQ(parse(kTricky, chunk), expected) << "chunks of " << chunk;
}

TEST(Multipart, ParameterForms) {
  const auto body =
      part(
          "content-disposition: Form-Data; NAME=plain; Filename=\"a \\\"q\\\" \\\\ b.txt\"\r\n"
          "CONTENT-TYPE:  text/plain; charset=utf-8 \r\n"
          "X-Other: ignored\r\n",
          "x") +
      part("Content-Disposition:form-data ; name = \"sp ace\" ; filename=\"\"\r\n", "y") +
      part(
          "Content-Disposition: form-data; filename*=UTF-8''%e2%82%ac.txt; name=\"euro\"; "
          "filename=\"\xe2\x82\xac.txt\"; size=3\r\n",
          "z") +
      kClose;
  const auto parts = parse(body);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], (Part{.name = "plain",
                            .filename = "a \"q\" \\ b.txt",
                            .content_type = "text/plain; charset=utf-8",
                            .data = "x",
                            .ended = true}));
  EXPECT_EQ(parts[1], (Part{.name = "sp ace", .filename = "", .data = "y", .ended = true}));
  EXPECT_EQ(parts[2],
            (Part{.name = "euro", .filename = "\xe2\x82\xac.txt", .data = "z", .ended = true}));
}

TEST(Multipart, HeaderErrors) {
  EXPECT_EQ(error_of(part("Content-Type: text/plain\r\n", "x") + kClose),
            "multipart: part without Content-Disposition");
  EXPECT_EQ(error_of(part("Content-Disposition: attachment; name=\"a\"\r\n", "x") + kClose),
            "multipart: part is not form-data");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; filename=\"a\"\r\n", "x") + kClose),
            "multipart: part without a name");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=a; name=b\r\n", "x") + kClose),
            "multipart: duplicate name in Content-Disposition");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=a\r\n"
                          "Content-Disposition: form-data; name=b\r\n",
                          "x") +
                     kClose),
            "multipart: duplicate Content-Disposition");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=\"a\r\n", "x") + kClose),
            "multipart: malformed Content-Disposition parameters");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=a b\r\n", "x") + kClose),
            "multipart: malformed Content-Disposition parameters");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data;\r\n", "x") + kClose),
            "multipart: malformed Content-Disposition parameters");
  EXPECT_EQ(error_of(part("Content-Disposition form-data; name=a\r\n", "x") + kClose),
            "multipart: malformed part header line");
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=\"a\0\"\r\n"s, "x") + kClose),
            "multipart: control character in a part header");
  EXPECT_EQ(error_of(part(std::string("Content-Disposition: form-data; name=\"a\x01\"\r\n"), "x") +
                     kClose),
            "multipart: control character in a part header");
}

TEST(Multipart, FoldedHeaderLineIsRejected) {
  EXPECT_EQ(error_of(part("Content-Disposition: form-data; name=a\r\nX-Long: a\r\n\tb\r\n", "x") +
                     kClose),
            "multipart: folded part header line");
}

TEST(Multipart, BareLineFeedsInHeadersAreRejected) {
  EXPECT_EQ(error_of("--XyZ\r\nContent-Disposition: form-data; name=a\n\nx\r\n" + kClose),
            "multipart: part header line does not end with CRLF");
  EXPECT_EQ(error_of("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\nx\r\n" + kClose),
            "multipart: part header line does not end with CRLF");
  EXPECT_EQ(error_of("--XyZ\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n" + kClose),
            "multipart: boundary followed by unexpected bytes");
  EXPECT_EQ(error_of("--XyZ\r\nContent-Disposition: form-data;\r name=a\r\n\r\nx\r\n" + kClose),
            "multipart: control character in a part header");
}

TEST(Multipart, PartHeadersAreLimited) {
  const std::string headers = "Content-Disposition: form-data; name=a\r\n";  // 40 bytes
  const auto body = part(headers + "X-Pad: 123\r\n", "x") + kClose;          // 40 + 12 + 2
  EXPECT_EQ(parse(body, std::string_view::npos, {.max_part_header_bytes = 54}).size(), 1u);
  EXPECT_EQ(error_of(body, {.max_part_header_bytes = 53}), "multipart: part headers over 53 bytes");
  // Transport padding counts too, so that it cannot run on forever.
  const auto padded = "--XyZ" + std::string(20, ' ') + "\r\n" + headers + "\r\nx\r\n" + kClose;
  EXPECT_EQ(parse(padded, std::string_view::npos, {.max_part_header_bytes = 62}).size(), 1u);
  EXPECT_EQ(error_of(padded, {.max_part_header_bytes = 61}),
            "multipart: part headers over 61 bytes");
  // The default limit.
  EXPECT_EQ(error_of(part(headers + "X-Big: " + std::string(8200, 'a') + "\r\n", "x") + kClose),
            "multipart: part headers over 8192 bytes");
}

TEST(Multipart, PartCountIsLimited) {
  std::string body;
  for (int i = 0; i < 3; ++i) body += field("f", "v");
  EXPECT_EQ(parse(body + kClose, std::string_view::npos, {.max_parts = 3}).size(), 3u);
  EXPECT_EQ(error_of(body + field("f", "v") + kClose, {.max_parts = 3}),
            "multipart: more than 3 parts");
  std::string many;
  for (int i = 0; i < 17; ++i) many += field("f", "v");
  EXPECT_EQ(error_of(many + kClose), "multipart: more than 16 parts");
}

TEST(Multipart, TruncatedBodyFailsOnFinish) {
  const auto body = field("a", "value") + kClose;
  const auto close_at = body.find("\r\n--XyZ--");
  for (std::size_t size = 0; size < close_at + 9; ++size) {
    Collector collector;
    MultipartParser parser(std::string(kBoundary), collector.callbacks());
    parser.feed(std::string_view(body).substr(0, size));
    EXPECT_FALSE(parser.done());
    EXPECT_THROW(parser.finish(), MultipartError) << "truncated at " << size;
    EXPECT_THROW(parser.feed("x"), MultipartError);
  }
}

TEST(Multipart, BodyWithoutCloseDelimiterFails) {
  EXPECT_EQ(error_of(field("a", "1") + field("b", "2")),
            "multipart: body ended before the closing delimiter");
  EXPECT_EQ(error_of("no delimiter at all\r\n--XyZZ"),
            "multipart: boundary followed by unexpected bytes");
  EXPECT_EQ(error_of("no delimiter at all\r\n--Xy"), "multipart: body has no delimiter");
  EXPECT_EQ(error_of(""), "multipart: body has no delimiter");
}

TEST(Multipart, MalformedDelimiterLinesAreRejected) {
  EXPECT_EQ(error_of(field("a", "1") + "--XyZ-\r\n"), "multipart: malformed close delimiter");
  EXPECT_EQ(error_of(field("a", "1") + "--XyZ \t--\r\n"),
            "multipart: boundary followed by unexpected bytes");
  EXPECT_EQ(error_of(field("a", "1") + "--XyZ\rx"),
            "multipart: delimiter line does not end with CRLF");
  // The boundary in its entirety after a CRLF is a delimiter (RFC 2046 5.1.1), never data.
  EXPECT_EQ(error_of(field("a", "1\r\n--XyZW") + kClose),
            "multipart: boundary followed by unexpected bytes");
}

TEST(Multipart, NearDelimiterSequencesAreData) {
  for (std::string_view data : {"\r\n--", "\r\n--X", "\r\n--Xy", "\r\n-XyZ", "\r--XyZ", "\n--XyZ",
                                "a--XyZ--", "\r\r\r\n\r\n--xyz", "\r", "\r\n"}) {
    const auto body = field("a", data) + kClose;
    for (std::size_t chunk : {std::string_view::npos, std::size_t{1}, std::size_t{2}}) {
      const auto parts = parse(body, chunk);
      ASSERT_EQ(parts.size(), 1u) << data;
      EXPECT_EQ(parts[0].data, data);
    }
  }
}

TEST(Multipart, EmptyParts) {
  const auto parts = parse(field("a", "") + field("b", "") + kClose);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (Part{.name = "a", .ended = true}));
  EXPECT_EQ(parts[1], (Part{.name = "b", .ended = true}));
  // RFC 2046 also allows the headers' last CRLF to start the delimiter (no empty line).
  const auto terse = parse("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n--XyZ--", 1);
  EXPECT_EQ(terse, (std::vector<Part>{{.name = "a", .ended = true}}));
  // A form without fields is the close delimiter alone.
  EXPECT_TRUE(parse("--XyZ--\r\n").empty());
}

TEST(Multipart, PreambleAndEpilogueAreIgnored) {
  const auto body = "This is a preamble.\r\n--XyY is another boundary\r\n--Xy\r\n" +
                    field("a", "1") + "--XyZ--  and an epilogue\r\n--XyZ\r\nbroken\n";
  const auto parts = parse(body);
  EXPECT_EQ(parts, (std::vector<Part>{{.name = "a", .data = "1", .ended = true}}));
  EXPECT_EQ(parse("\r\n" + field("a", "1") + kClose), parts);  // CRLF before the first delimiter
  EXPECT_EQ(parse("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--"), parts);
}

TEST(Multipart, EpilogueIsNotBufferedOrDelivered) {
  Collector collector;
  MultipartParser parser(std::string(kBoundary), collector.callbacks());
  parser.feed(field("a", "1") + kClose);
  ASSERT_TRUE(parser.done());
  const std::string junk(1 << 20, '\r');
  for (int i = 0; i < 8; ++i) parser.feed(junk);
  parser.finish();
  EXPECT_EQ(collector.parts.size(), 1u);
  EXPECT_EQ(collector.data_calls, 1);
}

TEST(Multipart, DataIsDeliveredAsSoonAsItCannotStartADelimiter) {
  Collector collector;
  MultipartParser parser(std::string(kBoundary), collector.callbacks());
  parser.feed("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nabc\r\n--Xy");
  ASSERT_EQ(collector.parts.size(), 1u);
  EXPECT_EQ(collector.parts[0].data, "abc");
  parser.feed("z");  // not the boundary after all
  EXPECT_EQ(collector.parts[0].data, "abc\r\n--Xyz");
  parser.feed("\r\n--XyZ");
  EXPECT_EQ(collector.parts[0].data, "abc\r\n--Xyz");
  EXPECT_TRUE(collector.parts[0].ended);
  parser.feed("--");
  EXPECT_TRUE(parser.done());
}

TEST(Multipart, LargePartIsStreamedInBoundedMemory) {
  const std::string boundary = "a3f9c2e1b4d7a6c5e8f1b2d3c4a5e6f7";
  Collector collector;
  MultipartParser parser(boundary, collector.callbacks());
  parser.feed("--" + boundary + "\r\nContent-Disposition: form-data; name=f; filename=b\r\n\r\n");
  std::string chunk(64 * 1024, 'x');
  for (std::size_t i = 0; i < chunk.size(); i += 97) chunk[i] = '\r';
  std::size_t fed = 0;
  for (int i = 0; i < 64; ++i) {
    parser.feed(chunk);
    fed += chunk.size();
    const auto delivered = collector.parts.at(0).data.size();
    ASSERT_LE(delivered, fed);
    ASSERT_LE(fed - delivered, boundary.size() + 4);
  }
  parser.feed("\r\n--" + boundary + "--\r\n");
  parser.finish();
  EXPECT_EQ(collector.parts[0].data.size(), fed);
  EXPECT_TRUE(collector.parts[0].ended);
}

TEST(Multipart, ThrowingCallbackLeavesTheParserUnusable) {
  MultipartParser parser(std::string(kBoundary), {.on_part_data = [](std::string_view) {
                           throw std::length_error("big");
                         }});
  EXPECT_THROW(parser.feed(field("a", "1")), std::length_error);
  EXPECT_THROW(parser.feed(kClose), MultipartError);
  EXPECT_THROW(parser.finish(), MultipartError);
}

TEST(Multipart, InvalidBoundaryIsRejectedByTheConstructor) {
  EXPECT_THROW(MultipartParser("", {}), std::invalid_argument);
  EXPECT_THROW(MultipartParser("a\r\nb", {}), std::invalid_argument);
  EXPECT_THROW(MultipartParser(std::string(71, 'a'), {}), std::invalid_argument);
  EXPECT_NO_THROW(MultipartParser(std::string(70, 'a'), {}));
}

TEST(MultipartBoundary, ValidContentTypes) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipart_boundary("  multipart/form-data ; charset=utf-8; boundary = x--y  "), "x--y");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"q\\\"\""), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"es\\c\""), "esc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"===============123456==\""),
            "===============123456==");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTr"),
            "----WebKitFormBoundary7MA4YWxkTr");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, '7')),
            std::string(70, '7'));
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"'()+_,-./:=? x\""),
            "'()+_,-./:=? x");
}

TEST(MultipartBoundary, InvalidContentTypes) {
  for (std::string_view value : {
           "",
           "multipart/form-data",
           "multipart/form-data;",
           "multipart/form-data; boundary=",
           "multipart/form-data; boundary=\"\"",
           "multipart/mixed; boundary=abc",
           "text/plain; boundary=abc",
           "multipart/form-data-x; boundary=abc",
           "multipart/form-data; boundary=\"abc \"",
           "multipart/form-data; boundary=ab@c",
           "multipart/form-data; boundary=\"abc",
           "multipart/form-data; boundary=abc; boundary=abd",
           "multipart/form-data; boundary=abc x",
           "multipart/form-data; charset; boundary=abc",
           "multipart/form-data boundary=abc",
       })
    EXPECT_EQ(multipart_boundary(value), std::nullopt) << value;
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, '7')),
            std::nullopt);
}

// What `requests.post(url, data={"title": "x"}, files={"report": ("r.csv", ...)})` sends
// (urllib3 builds the body).
TEST(Multipart, PythonRequestsBody) {
  const std::string content_type = "multipart/form-data; boundary=6a1f0e2bd7d94cc1b3b1e3a0c3c0f4a2";
  const auto boundary = multipart_boundary(content_type);
  ASSERT_EQ(boundary, "6a1f0e2bd7d94cc1b3b1e3a0c3c0f4a2");
  const std::string body =
      "--6a1f0e2bd7d94cc1b3b1e3a0c3c0f4a2\r\n"
      "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
      "Quarterly \xc3\xa9t\xc3\xa9\r\n"
      "--6a1f0e2bd7d94cc1b3b1e3a0c3c0f4a2\r\n"
      "Content-Disposition: form-data; name=\"report\"; filename=\"r.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "a,b\r\n1,2\n\r\n"
      "--6a1f0e2bd7d94cc1b3b1e3a0c3c0f4a2--\r\n";
  for (std::size_t chunk : {std::string_view::npos, std::size_t{1}, std::size_t{7}}) {
    const auto parts = parse(body, chunk, {}, *boundary);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0],
              (Part{.name = "title", .data = "Quarterly \xc3\xa9t\xc3\xa9", .ended = true}));
    EXPECT_EQ(parts[1], (Part{.name = "report",
                              .filename = "r.csv",
                              .content_type = "text/csv",
                              .data = "a,b\r\n1,2\n",
                              .ended = true}));
  }
}

// A body built with urllib.request and the email package (policy=HTTP): a quoted boundary of
// '=' signs and MIME headers the parser ignores.
TEST(Multipart, PythonEmailPackageBody) {
  const auto boundary =
      multipart_boundary("multipart/form-data; boundary=\"===============5395812361934856123==\"");
  ASSERT_TRUE(boundary);
  const std::string body =
      "--===============5395812361934856123==\r\n"
      "Content-Type: text/plain; charset=\"utf-8\"\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Transfer-Encoding: 7bit\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
      "hello\r\n"
      "--===============5395812361934856123==--\r\n";
  const auto parts = parse(body, 3, {}, *boundary);
  EXPECT_EQ(parts, (std::vector<Part>{{.name = "note",
                                       .content_type = "text/plain; charset=\"utf-8\"",
                                       .data = "hello",
                                       .ended = true}}));
}

// curl -F 'a=1' -F 'f=@x.txt'
TEST(Multipart, CurlBody) {
  const std::string b = "------------------------d74496d66958873e";
  const std::string body = "--" + b +
                           "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + b +
                           "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n"
                           "Content-Type: text/plain\r\n\r\nline\n\r\n--" +
                           b + "--\r\n";
  const auto parts = parse(body, 5, {}, b);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], (Part{.name = "f",
                            .filename = "x.txt",
                            .content_type = "text/plain",
                            .data = "line\n",
                            .ended = true}));
}

}  // namespace
}  // namespace tessera::http
