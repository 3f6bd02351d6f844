#include "s3/messages.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/utf8.hpp"
#include "s3/xml.hpp"

namespace tessera::s3 {
namespace {

XmlElement root_named(std::string_view body, std::string_view name) {
  XmlElement root = parse_xml(body);
  if (root.name != name)
    throw XmlError("S3: <" + root.name + "> where <" + std::string(name) + "> was expected");
  return root;
}

const XmlElement& required(const XmlElement& parent, std::string_view name) {
  const XmlElement* found = parent.child(name);
  if (!found) throw XmlError("S3: <" + parent.name + "> has no <" + std::string(name) + ">");
  return *found;
}

std::uint64_t read_size(const XmlElement& parent) {
  const std::string& text = required(parent, "Size").text;
  std::uint64_t size = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (error != std::errc() || end != text.data() + text.size() || text.empty())
    throw XmlError("S3: <Size> is not a number of bytes: '" + text + "'");
  return size;
}

core::Timestamp read_time(const XmlElement& parent, std::string_view name) {
  const std::string& text = required(parent, name).text;
  const auto time = core::parse_rfc3339(text);
  if (!time) throw XmlError("S3: <" + std::string(name) + "> is not a time: '" + text + "'");
  return *time;
}

bool read_truncated(const XmlElement& root) {
  const std::string_view text = root.child_text("IsTruncated");
  if (text == "true") return true;
  if (text.empty() || text == "false") return false;
  throw XmlError("S3: <IsTruncated> is neither true nor false");
}

XmlElement leaf(std::string name, std::string text) {
  return {std::move(name), std::move(text), {}};
}

}  // namespace

std::optional<ErrorBody> read_error_body(std::string_view body) {
  try {
    const XmlElement root = parse_xml(body);
    if (root.name != "Error") return std::nullopt;
    return ErrorBody{std::string(root.child_text("Code")), std::string(root.child_text("Message")),
                     std::string(root.child_text("RequestId"))};
  } catch (const XmlError&) {
    return std::nullopt;
  }
}

ListPage read_list_page(std::string_view body) {
  const XmlElement root = root_named(body, "ListBucketResult");
  ListPage page;
  for (const auto& entry : root.children) {
    if (entry.name != "Contents") continue;
    page.objects.push_back({required(entry, "Key").text, read_size(entry),
                            std::string(entry.child_text("ETag")),
                            read_time(entry, "LastModified")});
  }
  page.truncated = read_truncated(root);
  if (page.truncated) {
    page.next_continuation_token = required(root, "NextContinuationToken").text;
    if (page.next_continuation_token.empty())
      throw XmlError("S3: a truncated listing without a continuation token");
  }
  return page;
}

std::string read_upload_id(std::string_view body) {
  std::string id = required(root_named(body, "InitiateMultipartUploadResult"), "UploadId").text;
  if (id.empty()) throw XmlError("S3: an empty <UploadId>");
  return id;
}

UploadPage read_upload_page(std::string_view body) {
  const XmlElement root = root_named(body, "ListMultipartUploadsResult");
  UploadPage page;
  for (const auto& entry : root.children) {
    if (entry.name != "Upload") continue;
    page.uploads.push_back({required(entry, "Key").text, required(entry, "UploadId").text,
                            read_time(entry, "Initiated")});
  }
  page.truncated = read_truncated(root);
  if (page.truncated) {
    page.next_key_marker = root.child_text("NextKeyMarker");
    page.next_upload_id_marker = root.child_text("NextUploadIdMarker");
    if (page.next_key_marker.empty())
      throw XmlError("S3: a truncated list of uploads without a <NextKeyMarker>");
  }
  return page;
}

std::string complete_upload_body(std::span<const CompletedPart> parts) {
  XmlElement root{"CompleteMultipartUpload", {}, {}};
  root.children.reserve(parts.size());
  for (const auto& part : parts)
    root.children.push_back(
        {"Part", {}, {leaf("PartNumber", std::to_string(part.number)), leaf("ETag", part.etag)}});
  return write_xml(root);
}

std::string delete_objects_body(std::span<const std::string> keys) {
  XmlElement root{"Delete", {}, {leaf("Quiet", "true")}};
  root.children.reserve(keys.size() + 1);
  for (const auto& key : keys) root.children.push_back({"Object", {}, {leaf("Key", key)}});
  return write_xml(root);
}

std::vector<DeleteFailure> read_delete_failures(std::string_view body) {
  const XmlElement root = root_named(body, "DeleteResult");
  std::vector<DeleteFailure> failures;
  for (const auto& entry : root.children)
    if (entry.name == "Error")
      failures.push_back({std::string(entry.child_text("Key")),
                          std::string(entry.child_text("Code")),
                          std::string(entry.child_text("Message"))});
  return failures;
}

bool xml_can_carry(std::string_view text) {
  return core::is_valid_utf8(text) && std::none_of(text.begin(), text.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
         });
}

}  // namespace tessera::s3
