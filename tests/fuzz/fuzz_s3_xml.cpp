// Feeds arbitrary documents to the XML reader of the S3 client. It must read them or refuse
// them with an XmlError, never anything else; a tree it reads must be written back by
// write_xml as a document that reads as the same tree; and any bytes, escaped, must read
// back as themselves.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "s3/xml.hpp"

namespace {

using namespace tessera::s3;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const XmlElement root = parse_xml(input);
    check(!root.name.empty());
    const std::string written = write_xml(root);
    try {
      check(parse_xml(written) == root);
    } catch (const XmlError&) {
      __builtin_trap();
    }
  } catch (const XmlError& e) {
    check(std::string_view(e.what()).starts_with("XML: "));
  }
  check(parse_xml("<Key>" + xml_escape(input) + "</Key>").text == input);
  return 0;
}
