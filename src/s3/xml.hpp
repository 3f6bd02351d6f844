#pragma once
// A small XML reader for the answers of S3 (ListBucketResult, InitiateMultipartUploadResult,
// Error, ...) and a writer for the bodies of its requests. It keeps elements and their
// character data only: attributes (xmlns) are checked and dropped, names lose their namespace
// prefix, comments and processing instructions are skipped, CDATA is text. No document type
// declaration is accepted, so the only entities are the five predefined ones and character
// references. Line ends in text are read as '\n', as XML wants (a CR sent as "&#13;" stays).
// Standard library only.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::s3 {

// A document that is not well-formed, or larger than the limits.
class XmlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct XmlLimits {
  std::size_t max_depth = 64;          // elements open at once
  std::size_t max_elements = 200'000;  // in the whole document
};

struct XmlElement {
  std::string name;  // the local name: "Key" for <Key> and for <s3:Key>
  std::string text;  // its own character data, decoded (not its children's), in order
  std::vector<XmlElement> children;

  // The first child named `child_name`, or null.
  const XmlElement* child(std::string_view child_name) const;
  // That child's text, or "" when there is no such child.
  std::string_view child_text(std::string_view child_name) const;

  bool operator==(const XmlElement&) const = default;
};

// The root element of `document`. XmlError when it is not well-formed.
XmlElement parse_xml(std::string_view document, const XmlLimits& limits = {});

// `text` as character data: & < > " ' as entities, CR as "&#13;", every other byte as it is.
std::string xml_escape(std::string_view text);

// `element` as XML (no declaration): its name, its text, then its children. parse_xml reads it
// back as `element` when its names are XML names without a prefix.
std::string write_xml(const XmlElement& element);

}  // namespace tessera::s3
