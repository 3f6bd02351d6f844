#include "s3/xml.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace tessera::s3 {
namespace {

// The entities that every XML document knows without a declaration.
struct PredefinedEntity {
  char character;
  std::string_view name;
};
constexpr PredefinedEntity predefined_entities[] = {
    {'&', "amp"}, {'<', "lt"}, {'>', "gt"}, {'"', "quot"}, {'\'', "apos"}};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

int digit_value(char c, int base) {
  int value = -1;
  if (c >= '0' && c <= '9') value = c - '0';
  if (base == 16 && c >= 'a' && c <= 'f') value = c - 'a' + 10;
  if (base == 16 && c >= 'A' && c <= 'F') value = c - 'A' + 10;
  return value;
}

// "#38", "#x26": the code point of a character reference, or -1 when it names none that a
// document may carry (NUL, a surrogate, past U+10FFFF).
std::int64_t character_reference(std::string_view body) {
  const bool hex = body.size() > 1 && body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return -1;
  std::int64_t code = 0;
  for (char c : digits) {
    const int digit = digit_value(c, hex ? 16 : 10);
    if (digit < 0) return -1;
    code = code * (hex ? 16 : 10) + digit;
    if (code > 0x10ffff) return -1;
  }
  if (code == 0 || (code >= 0xd800 && code <= 0xdfff)) return -1;
  return code;
}

// `text` onto `out` with CR LF and a lone CR read as LF.
void append_text(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
}

class Reader {
 public:
  Reader(std::string_view in, const XmlLimits& limits) : in_(in), limits_(limits) {}

  XmlElement document() {
    if (in_.starts_with("\xef\xbb\xbf")) pos_ = 3;  // a UTF-8 byte order mark
    skip_misc();
    if (starts_with("<!")) fail("a document type declaration is not accepted");
    if (!starts_with("<")) fail("no root element");
    Open root = start_tag();
    if (root.empty) return finish(std::move(root.element));
    std::vector<Open> open;
    open.push_back(std::move(root));

    while (true) {
      if (pos_ >= in_.size()) fail("the document ends inside <" + open.back().qualified + ">");
      if (in_[pos_] == '&') {
        reference(open.back().element.text);
      } else if (in_[pos_] != '<') {
        text(open.back().element.text);
      } else if (starts_with("</")) {
        end_tag(open.back().qualified);
        XmlElement done = std::move(open.back().element);
        open.pop_back();
        if (open.empty()) return finish(std::move(done));
        open.back().element.children.push_back(std::move(done));
      } else if (starts_with("<!--")) {
        skip_past(4, "-->", "a comment");
      } else if (starts_with("<![CDATA[")) {
        append_text(open.back().element.text, skip_past(9, "]]>", "a CDATA section"));
      } else if (starts_with("<?")) {
        skip_past(2, "?>", "a processing instruction");
      } else if (starts_with("<!")) {
        fail("a declaration inside an element");
      } else {
        if (open.size() >= limits_.max_depth) fail("elements nested too deep");
        Open child = start_tag();
        if (child.empty)
          open.back().element.children.push_back(std::move(child.element));
        else
          open.push_back(std::move(child));
      }
    }
  }

 private:
  struct Open {
    XmlElement element;
    std::string qualified;  // the name as written, which the end tag must repeat
    bool empty = false;     // <name/>
  };

  XmlElement finish(XmlElement root) {
    skip_misc();
    if (pos_ != in_.size()) fail("content after the root element");
    return root;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw XmlError("XML: " + what + " (at byte " + std::to_string(pos_) + ")");
  }

  bool starts_with(std::string_view prefix) const { return in_.substr(pos_).starts_with(prefix); }

  void skip_space() {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
  }

  // Moves past `opening` bytes and then past `closing`; returns what lies between.
  std::string_view skip_past(std::size_t opening, std::string_view closing, std::string_view what) {
    const std::size_t begin = pos_ + opening;
    const std::size_t end = in_.find(closing, begin);
    if (end == std::string_view::npos) fail("unterminated " + std::string(what));
    pos_ = end + closing.size();
    return in_.substr(begin, end - begin);
  }

  // Whitespace, comments and processing instructions (the XML declaration among them),
  // before and after the root element.
  void skip_misc() {
    while (true) {
      skip_space();
      if (starts_with("<!--"))
        skip_past(4, "-->", "a comment");
      else if (starts_with("<?"))
        skip_past(2, "?>", "a processing instruction");
      else
        return;
    }
  }

  std::string_view name() {
    const std::size_t begin = pos_;
    if (pos_ >= in_.size() || !is_name_start(in_[pos_])) fail("a name was expected");
    while (pos_ < in_.size() && is_name_char(in_[pos_])) ++pos_;
    return in_.substr(begin, pos_ - begin);
  }

  std::string local_name(std::string_view qualified) {
    const std::string_view local = qualified.substr(qualified.rfind(':') + 1);
    if (local.empty() || !is_name_start(local.front()))
      fail("'" + std::string(qualified) + "' has no local name");
    return std::string(local);
  }

  // At '<': the element's name and attributes, up to '>' or "/>".
  Open start_tag() {
    if (++elements_ > limits_.max_elements) fail("too many elements");
    ++pos_;
    Open out;
    out.qualified = std::string(name());
    out.element.name = local_name(out.qualified);
    while (true) {
      const std::size_t before = pos_;
      skip_space();
      if (starts_with(">")) {
        ++pos_;
        return out;
      }
      if (starts_with("/>")) {
        pos_ += 2;
        out.empty = true;
        return out;
      }
      if (pos_ == before) fail("a space, '>' or \"/>\" was expected in a tag");
      attribute();
    }
  }

  // name = "value" or name = 'value'; the value is checked, not kept.
  void attribute() {
    name();
    skip_space();
    if (!starts_with("=")) fail("'=' was expected after an attribute's name");
    ++pos_;
    skip_space();
    if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\''))
      fail("an attribute's value must be quoted");
    const char quote = in_[pos_++];
    std::string ignored;
    while (pos_ < in_.size() && in_[pos_] != quote) {
      if (in_[pos_] == '<') fail("'<' in an attribute's value");
      if (in_[pos_] == '&')
        reference(ignored);
      else
        ++pos_;
    }
    if (pos_ >= in_.size()) fail("unterminated attribute value");
    ++pos_;
  }

  void end_tag(const std::string& expected) {
    pos_ += 2;
    const std::string_view closed = name();
    skip_space();
    if (!starts_with(">")) fail("'>' was expected to end </" + std::string(closed));
    if (closed != expected) fail("</" + std::string(closed) + "> closes <" + expected + ">");
    ++pos_;
  }

  // At '&': one entity or character reference, decoded onto `out`.
  void reference(std::string& out) {
    const std::size_t end = in_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 12) fail("'&' that starts no reference");
    const std::string_view body = in_.substr(pos_ + 1, end - pos_ - 1);
    const auto* entity = std::ranges::find(predefined_entities, body, &PredefinedEntity::name);
    if (entity != std::end(predefined_entities)) {
      out += entity->character;
    } else if (!body.empty() && body.front() == '#') {
      const std::int64_t code = character_reference(body);
      if (code < 0) fail("&" + std::string(body) + "; names no character");
      append_utf8(out, static_cast<std::uint32_t>(code));
    } else {
      fail("unknown entity &" + std::string(body) + ";");
    }
    pos_ = end + 1;
  }

  // Character data up to the next '<' or '&'.
  void text(std::string& out) {
    const std::size_t end = std::min(in_.find_first_of("<&", pos_), in_.size());
    append_text(out, in_.substr(pos_, end - pos_));
    pos_ = end;
  }

  std::string_view in_;
  const XmlLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t elements_ = 0;
};

void write_element(const XmlElement& element, std::string& out) {
  out += '<';
  out += element.name;
  out += '>';
  out += xml_escape(element.text);
  for (const auto& child : element.children) write_element(child, out);
  out += "</";
  out += element.name;
  out += '>';
}

}  // namespace

const XmlElement* XmlElement::child(std::string_view child_name) const {
  for (const auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

std::string_view XmlElement::child_text(std::string_view child_name) const {
  const XmlElement* c = child(child_name);
  return c ? std::string_view(c->text) : std::string_view();
}

XmlElement parse_xml(std::string_view document, const XmlLimits& limits) {
  return Reader(document, limits).document();
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto* entity = std::ranges::find(predefined_entities, c, &PredefinedEntity::character);
    if (entity != std::end(predefined_entities))
      (out += '&').append(entity->name) += ';';
    else if (c == '\r')
      out += "&#13;";  // a CR written as it is would be read as a line end
    else
      out += c;
  }
  return out;
}

std::string write_xml(const XmlElement& element) {
  std::string out;
  write_element(element, out);
  return out;
}

}  // namespace tessera::s3
