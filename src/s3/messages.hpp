#pragma once
// The XML bodies of the S3 operations the client speaks: what it reads from the answers and
// what it writes into the requests. No I/O. A reader throws XmlError when an answer is not
// the document its operation returns.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.hpp"

namespace tessera::s3 {

// The <Error> document of a refused request.
struct ErrorBody {
  std::string code;  // "NoSuchKey", "SignatureDoesNotMatch", "SlowDown"
  std::string message;
  std::string request_id;
};

// nullopt when `body` is not an <Error> document (empty, an HTML page of a proxy, ...).
std::optional<ErrorBody> read_error_body(std::string_view body);

// One object of a listing. The ETag is as S3 writes it, quotes included.
struct ListedObject {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;
  core::Timestamp last_modified;
};

// A page of ListObjectsV2 (ListBucketResult).
struct ListPage {
  std::vector<ListedObject> objects;
  bool truncated = false;
  std::string next_continuation_token;  // set when truncated
};
ListPage read_list_page(std::string_view body);

// The UploadId of an InitiateMultipartUploadResult.
std::string read_upload_id(std::string_view body);

// One multipart upload in progress.
struct UploadInProgress {
  std::string key;
  std::string upload_id;
  core::Timestamp initiated;
};

// A page of ListMultipartUploads (ListMultipartUploadsResult).
struct UploadPage {
  std::vector<UploadInProgress> uploads;
  bool truncated = false;
  std::string next_key_marker;        // set when truncated
  std::string next_upload_id_marker;  // set when truncated
};
UploadPage read_upload_page(std::string_view body);

// A part uploaded: its number (1..10000) and the ETag its UploadPart answered.
struct CompletedPart {
  int number = 0;
  std::string etag;
};
// The body of CompleteMultipartUpload.
std::string complete_upload_body(std::span<const CompletedPart> parts);

// The body of DeleteObjects (quiet: only failures are answered) for up to 1000 keys that
// xml_can_carry().
std::string delete_objects_body(std::span<const std::string> keys);

// A key that DeleteObjects did not delete.
struct DeleteFailure {
  std::string key;
  std::string code;
  std::string message;
};
std::vector<DeleteFailure> read_delete_failures(std::string_view body);

// Whether `text` can be written in an XML 1.0 body that any server reads: valid UTF-8 and no
// control characters but tab, line feed and carriage return. S3 keys may hold others; such a
// key is deleted on its own instead of in a DeleteObjects body.
bool xml_can_carry(std::string_view text);

}  // namespace tessera::s3
