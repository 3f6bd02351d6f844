// The XML reader and writer: S3's answers as Ceph RGW writes them, the parts of XML that S3
// documents may hold (declaration, namespaces, entities, character references, CDATA,
// comments), and documents that must be refused.

#include "s3/xml.hpp"

#include <string>

#include <gtest/gtest.h>

namespace tessera::s3 {
namespace {

// A ListObjectsV2 answer of Ceph RGW 16 for a key "probe x+&<é" followed by U+0001 and CR.
constexpr std::string_view rgw_listing =
    R"(<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
    R"(<Name>tessera</Name><Prefix>probe</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>)"
    R"(<Contents><Key>probe x+&amp;&lt;é&#x01;&#x0d;</Key><LastModified>2026-12-06T22:46:49.212Z</LastModified>)"
    R"(<ETag>&quot;b1946ac92492d2347c6235b4d2611184&quot;</ETag><Size>6</Size>)"
    R"(<StorageClass>STANDARD</StorageClass><Type>Normal</Type></Contents><KeyCount>1</KeyCount>)"
    R"(</ListBucketResult>)";

std::string refusal(std::string_view document, const XmlLimits& limits = {}) {
  try {
    parse_xml(document, limits);
  } catch (const XmlError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(Xml, ReadsAnAnswerOfRgw) {
  const XmlElement root = parse_xml(rgw_listing);
  EXPECT_EQ(root.name, "ListBucketResult");
  EXPECT_EQ(root.child_text("Name"), "tessera");
  EXPECT_EQ(root.child_text("IsTruncated"), "false");
  const XmlElement* contents = root.child("Contents");
  ASSERT_NE(contents, nullptr);
  EXPECT_EQ(contents->child_text("Key"), "probe x+&<\xc3\xa9\x01\r");
  EXPECT_EQ(contents->child_text("ETag"), "\"b1946ac92492d2347c6235b4d2611184\"");
  EXPECT_EQ(contents->child_text("Size"), "6");
  EXPECT_EQ(root.child("Missing"), nullptr);
  EXPECT_EQ(root.child_text("Missing"), "");
}

TEST(Xml, DecodesEntitiesAndCharacterReferences) {
  const XmlElement key =
      parse_xml("<Key>&amp;&lt;&gt;&quot;&apos; &#38;&#x26;&#233;&#x20AC;&#x1F600;</Key>");
  EXPECT_EQ(key.text, "&<>\"' &&\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(Xml, KeepsTextAsWrittenButForLineEnds) {
  EXPECT_EQ(parse_xml("<Key>  a  b\t</Key>").text, "  a  b\t");
  EXPECT_EQ(parse_xml("<Key>a\r\nb\rc\n</Key>").text, "a\nb\nc\n");
  EXPECT_EQ(parse_xml("<Key>a&#13;&#10;b</Key>").text, "a\r\nb");
  EXPECT_EQ(parse_xml("<Key><![CDATA[<&>\r\n]]></Key>").text, "<&>\n");
  EXPECT_EQ(parse_xml("<Key>a<!-- <b/> -->b<?pi x?>c</Key>").text, "abc");
  EXPECT_EQ(parse_xml("<Key></Key>").text, "");
  EXPECT_EQ(parse_xml("<Key/>").text, "");
}

TEST(Xml, ReadsPrologAttributesPrefixesAndEmptyElements) {
  const XmlElement root = parse_xml(
      "\xef\xbb\xbf<?xml version='1.0'?>\n<!-- an answer -->\n"
      "<s3:Result xmlns:s3=\"urn:x\" a = 'x > y' b=\"&amp;\">"
      "<s3:Part n=\"1\"/><Part >two</Part ></s3:Result >\n<!-- end -->\n");
  EXPECT_EQ(root.name, "Result");
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "Part");
  EXPECT_EQ(root.children[0].text, "");
  EXPECT_EQ(root.children[1].text, "two");
  EXPECT_EQ(root.child("Part"), &root.children[0]);
}

TEST(Xml, RefusesWhatIsNotWellFormed) {
  for (const std::string_view bad : {
           "",
           "   ",
           "text",
           "text<a/>",
           "<a>",
           "<a></b>",
           "<a><b></a></b>",
           "<a/><b/>",
           "<a/>text",
           "<a>&unknown;</a>",
           "<a>& b</a>",
           "<a>&#0;</a>",
           "<a>&#xD800;</a>",
           "<a>&#x110000;</a>",
           "<a>&#12a;</a>",
           "<a>&#;</a>",
           "<a>&#X41;</a>",
           "<a b=c/>",
           "<a b='c/>",
           "<a b=\"<\"/>",
           "<a b='1'c='2'/>",
           "<a b></a>",
           "<1a/>",
           "<a:/>",
           "<a><!-- unterminated </a>",
           "<a><![CDATA[ unterminated </a>",
           "<a><!ELEMENT a ANY></a>",
           "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
           "< a/>",
       })
    EXPECT_TRUE(refusal(bad).starts_with("XML: ")) << "'" << bad << "': " << refusal(bad);
}

TEST(Xml, BoundsDepthAndElements) {
  std::string deep;
  for (int i = 0; i < 65; ++i) deep += "<a>";
  for (int i = 0; i < 65; ++i) deep += "</a>";
  EXPECT_NE(refusal(deep).find("nested too deep"), std::string::npos);
  EXPECT_EQ(refusal(deep, {.max_depth = 65}), "(accepted)");

  std::string wide = "<a>";
  for (int i = 0; i < 10; ++i) wide += "<b/>";
  wide += "</a>";
  EXPECT_NE(refusal(wide, {.max_elements = 10}).find("too many elements"), std::string::npos);
  EXPECT_EQ(refusal(wide, {.max_elements = 11}), "(accepted)");
}

TEST(Xml, EscapedTextReadsBackAsEveryByte) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  every_byte += "\r\n";
  EXPECT_EQ(parse_xml("<Key>" + xml_escape(every_byte) + "</Key>").text, every_byte);
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f\rg"), "a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g");
}

TEST(Xml, WrittenElementsReadBack) {
  const XmlElement tree{"Delete",
                        "",
                        {{"Quiet", "true", {}},
                         {"Object", "", {{"Key", "a & b <c>\r\n", {}}}},
                         {"Object", "", {{"Key", "", {}}}}}};
  const std::string written = write_xml(tree);
  EXPECT_EQ(written,
            "<Delete><Quiet>true</Quiet><Object><Key>a &amp; b &lt;c&gt;&#13;\n</Key></Object>"
            "<Object><Key></Key></Object></Delete>");
  EXPECT_EQ(parse_xml(written), tree);
}

}  // namespace
}  // namespace tessera::s3
