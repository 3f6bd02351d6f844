// s3::Client against the S3 server of scripts/services (a one-node Ceph RGW): every
// operation, multipart uploads and their abort, the errors a caller must tell apart, and
// presigned URLs fetched without credentials. Each test works under a prefix of its own and
// deletes it at the end.

#include "s3/client.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "s3/s3_test_support.hpp"
#include "s3/sha256.hpp"

namespace tessera::s3 {
namespace {

using namespace std::chrono_literals;

class S3Client : public ::testing::Test {
 protected:
  void SetUp() override {
    options = testing::server_options();
    ASSERT_TRUE(options);
    client.emplace(*options);
  }

  void TearDown() override {
    if (!client) return;
    try {
      client->delete_prefix(prefix);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cleaning up " << prefix << ": " << e.what();
    }
    if (!file.empty()) std::filesystem::remove(file);
  }

  // A client of the same server with some options changed.
  template <class Change>
  Client client_with(Change change) const {
    ClientOptions changed = *options;
    change(changed);
    return Client(std::move(changed));
  }

  std::string get(std::string_view key, std::optional<ByteRange> range = std::nullopt) const {
    std::string bytes;
    client->get_object(
        key, [&](std::string_view chunk) { bytes.append(chunk); }, range);
    return bytes;
  }

  std::optional<ClientOptions> options;
  std::optional<Client> client;
  std::string prefix = testing::unique_prefix();
  std::filesystem::path file;  // a local file of the test, removed at the end
};

const std::string binary("\0\x01 bytes \xff\xfe\r\n\0end", 17);

TEST_F(S3Client, BinaryBytesRoundTripUnderAKeyWithSpacesAndUtf8) {
  const std::string key = prefix + "photos/été 2026/a b+c&d=e.bin";
  client->put_object(key, binary, "application/octet-stream");

  EXPECT_EQ(get(key), binary);
  const auto head = client->head_object(key);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, binary.size());
  EXPECT_EQ(head->content_type, "application/octet-stream");
  EXPECT_EQ(head->etag, "\"93f314f548187f718edecb3b376cfcc8\"");  // the bytes' MD5

  const auto listed = client->list_keys(prefix);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].key, key);
  EXPECT_EQ(listed[0].size, binary.size());
  EXPECT_EQ(listed[0].etag, head->etag);

  client->delete_object(key);
  EXPECT_FALSE(client->head_object(key));
  EXPECT_TRUE(client->list_keys(prefix).empty());
}

TEST_F(S3Client, OneClientServesSeveralThreadsAtOnce) {
  std::atomic<int> matched = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string key = prefix + std::to_string(t) + "/" + std::to_string(i);
        const std::string bytes = binary + key;
        client->put_object(key, bytes, "application/octet-stream");
        if (get(key) == bytes) ++matched;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(matched, 40);
  EXPECT_EQ(client->list_keys(prefix).size(), 40u);
}

TEST_F(S3Client, AnEmptyKeyNamesNoObject) {
  EXPECT_THROW(client->put_object("", "x", ""), std::invalid_argument);
  EXPECT_THROW(client->delete_object(""), std::invalid_argument);
  EXPECT_THROW(client->head_object(""), std::invalid_argument);
  EXPECT_THROW(client->presign_get("", 1min), std::invalid_argument);
}

TEST_F(S3Client, AnEmptyObjectIsAnObject) {
  const std::string key = prefix + "empty";
  client->put_object(key, "", "text/plain");
  EXPECT_EQ(client->head_object(key).value().size, 0u);
  EXPECT_EQ(get(key), "");
}

TEST_F(S3Client, ARangedGetAnswersThoseBytesAndTheWholeSize) {
  const std::string key = prefix + "range";
  const std::string bytes = "0123456789abcdef";
  client->put_object(key, bytes, "text/plain");

  std::string got;
  const ObjectHead head = client->get_object(
      key, [&](std::string_view chunk) { got.append(chunk); }, ByteRange{2, 5});
  EXPECT_EQ(got, "2345");
  EXPECT_EQ(head.size, bytes.size());
  EXPECT_EQ(get(key, ByteRange{10, std::nullopt}), "abcdef");
  EXPECT_EQ(get(key, ByteRange{15, 100}), "f");
  try {
    get(key, ByteRange{16, std::nullopt});
    FAIL() << "a range past the end was served";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 416);
    EXPECT_EQ(e.code(), "InvalidRange");
  }
}

TEST_F(S3Client, ALargeFileGoesInPartsFromDiskAndComesBackIdentical) {
  const std::uint64_t size = 20 * mebibyte;  // parts of 8, 8 and 4 MiB
  file = std::filesystem::temp_directory_path() / ("tessera-s3-" + core::Uuid::random().str());
  const std::string sha = testing::write_pattern_file(file, size);
  const std::string key = prefix + "large.bin";

  const std::uint64_t peak_before = testing::peak_rss(true);
  client->put_file(key, file, "application/octet-stream");
  Sha256 hash;
  std::uint64_t received = 0;
  client->get_object(key, [&](std::string_view chunk) {
    hash.update(chunk);
    received += chunk.size();
  });
  const std::uint64_t peak_after = testing::peak_rss();

  EXPECT_EQ(received, size);
  EXPECT_EQ(hash.final_hex(), sha);
  const auto head = client->head_object(key);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, size);
  EXPECT_TRUE(head->etag.ends_with("-3\"")) << head->etag;  // a multipart ETag: 3 parts
  EXPECT_TRUE(client->list_uploads(key).empty());
  // Neither the upload nor the download held the file: the peak grew by less than half.
  ASSERT_GT(peak_before, 0u);
  RecordProperty("peak_rss_growth_bytes", std::to_string(peak_after - peak_before));
  EXPECT_LT(peak_after - peak_before, size / 2)
      << "peak RSS " << peak_before << " -> " << peak_after;

  const std::filesystem::path copy = file.string() + ".copy";
  EXPECT_EQ(client->get_to_file(key, copy, ByteRange{size - 10, std::nullopt}).size, size);
  EXPECT_EQ(std::filesystem::file_size(copy), 10u);
  std::filesystem::remove(copy);
}

// Bytes that cannot be read past `fail_at`: the upload stops in its second part.
class FailingSource final : public UploadSource {
 public:
  FailingSource(std::uint64_t size, std::uint64_t fail_at, std::function<void()> before_failing)
      : size_(size), fail_at_(fail_at), before_failing_(std::move(before_failing)) {}
  std::uint64_t size() const override { return size_; }
  std::size_t read(std::uint64_t offset, std::span<char> into) override {
    if (offset >= fail_at_) {
      before_failing_();
      throw std::runtime_error("the disk went away");
    }
    const std::size_t n = std::min<std::uint64_t>(into.size(), fail_at_ - offset);
    std::fill_n(into.data(), n, 'x');
    return n;
  }

 private:
  std::uint64_t size_, fail_at_;
  std::function<void()> before_failing_;
};

TEST_F(S3Client, AMultipartUploadThatFailsMidwayIsAborted) {
  const std::string key = prefix + "interrupted.bin";
  std::size_t uploads_while_running = 0;
  FailingSource source(20 * mebibyte, 12 * mebibyte,
                       [&] { uploads_while_running = client->list_uploads(key).size(); });
  try {
    client->put(key, source, "application/octet-stream");
    FAIL() << "the upload did not fail";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "the disk went away");
  }
  EXPECT_EQ(uploads_while_running, 1u);
  EXPECT_TRUE(client->list_uploads(key).empty());
  EXPECT_FALSE(client->head_object(key));
}

TEST_F(S3Client, AnUploadLeftBehindIsListedAndAborted) {
  const std::string key = prefix + "left-behind.bin";
  FailingSource source(20 * mebibyte, 12 * mebibyte, [&] {
    const auto uploads = client->list_uploads(prefix);
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].key, key);
    EXPECT_LT(std::chrono::abs(uploads[0].initiated - core::now()), 5min);
    client->abort_upload(key, uploads[0].upload_id);
    EXPECT_TRUE(client->list_uploads(prefix).empty());
  });
  EXPECT_THROW(client->put(key, source, ""), std::runtime_error);  // its own abort finds none
  EXPECT_TRUE(client->list_uploads(prefix).empty());
}

TEST_F(S3Client, MissingKeys) {
  const std::string key = prefix + "missing";
  EXPECT_NO_THROW(client->delete_object(key));
  EXPECT_EQ(client->head_object(key), std::nullopt);
  try {
    get(key);
    FAIL() << "a missing key was served";
  } catch (const NotFound& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.code(), "NoSuchKey");
    EXPECT_FALSE(e.request_id().empty());
  }
  file = std::filesystem::temp_directory_path() / ("tessera-s3-" + core::Uuid::random().str());
  EXPECT_THROW(client->get_to_file(key, file), NotFound);
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(S3Client, AWrongSecretIsRefusedWithSignatureDoesNotMatch) {
  const Client wrong = client_with(
      [](ClientOptions& o) { o.credentials.secret_access_key = core::Secret("not-the-secret"); });
  for (auto call : {std::function<void()>([&] { wrong.put_object(prefix + "k", "x", ""); }),
                    std::function<void()>([&] { wrong.list_keys(prefix); })}) {
    try {
      call();
      FAIL() << "a wrong signature was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), 403);
      EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
      EXPECT_EQ(std::string(e.what()).find("not-the-secret"), std::string::npos);
    }
  }
}

TEST_F(S3Client, AClosedPortIsUnavailableAfterTheRetries) {
  testing::LocalSocket closed(false);
  const std::string url = closed.url();
  closed.close();
  const Client unreachable = client_with([&](ClientOptions& o) {
    o.endpoint = Endpoint::parse(url, Addressing::path_style);
    o.connect_timeout = 1s;
    o.retry_backoff = 50ms;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(unreachable.put_object(prefix + "k", "x", ""), core::UnavailableError);
  EXPECT_THROW(unreachable.head_object(prefix + "k"), core::UnavailableError);
  // Refused at once, three tries each, waits of at most 50 and 100 ms between them.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(S3Client, AServerThatNeverAnswersTimesOut) {
  testing::LocalSocket silent(true);
  const Client stuck = client_with([&](ClientOptions& o) {
    o.endpoint = Endpoint::parse(silent.url(), Addressing::path_style);
    o.request_timeout = 300ms;
    o.max_attempts = 2;
    o.retry_backoff = 10ms;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(stuck.get_object(prefix + "k", [](std::string_view) {}), core::UnavailableError);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 600ms);
  EXPECT_LT(elapsed, 5s);
}

const std::string slow_down =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: 87\r\n"
    "Connection: close\r\n\r\n"
    "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
const std::string found =
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"e\"\r\nConnection: close\r\n\r\n";

TEST_F(S3Client, SlowDownIsTriedAgainAndThenUnavailable) {
  auto through = [this](const testing::ScriptedServer& server) {
    return client_with([&](ClientOptions& o) {
      o.endpoint = Endpoint::parse(server.url(), Addressing::path_style);
      o.retry_backoff = 10ms;
    });
  };
  {
    testing::ScriptedServer server({slow_down, slow_down, found});
    const auto head = through(server).head_object("k");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->size, 5u);
    EXPECT_EQ(server.requests(), 3);
  }
  {
    testing::ScriptedServer server({slow_down, slow_down, slow_down, found});
    try {
      through(server).put_object("k", "bytes", "");
      FAIL() << "three SlowDown answers made a success";
    } catch (const core::UnavailableError& e) {
      EXPECT_NE(std::string(e.what()).find("503 SlowDown"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.requests(), 3);
  }
}

TEST_F(S3Client, ListingsAndDeletesGoOverEveryPage) {
  const Client paged = client_with([](ClientOptions& o) { o.list_page_size = 2; });
  const std::vector<std::string> keys = {prefix + "a", prefix + "b & <c>", prefix + "c\x01",
                                         prefix + "d/e", prefix + "\xc3\xa9"};
  for (const auto& key : keys) paged.put_object(key, key, "text/plain");
  const auto put_done = core::now();

  const auto listed = paged.list_keys(prefix);
  ASSERT_EQ(listed.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(listed[i].key, keys[i]);  // keys are listed in the order of their bytes
    EXPECT_EQ(listed[i].size, keys[i].size());
    EXPECT_LT(std::chrono::abs(listed[i].last_modified - put_done), 5min);
  }
  EXPECT_EQ(paged.list_keys(prefix + "d/").size(), 1u);

  EXPECT_EQ(paged.delete_prefix(prefix), keys.size());
  EXPECT_TRUE(paged.list_keys(prefix).empty());
  EXPECT_THROW(paged.delete_prefix(""), std::invalid_argument);
}

TEST_F(S3Client, APresignedUrlServesTheBytesWithoutCredentialsUntilItExpires) {
  const std::string key = prefix + "shared image.bin";
  client->put_object(key, binary, "image/png");

  const auto lasting = testing::plain_get(client->presign_get(key, 5min));
  EXPECT_EQ(lasting.status, 200);
  EXPECT_EQ(lasting.body, binary);

  const std::string brief = client->presign_get(key, 1s);
  testing::PlainAnswer last;
  EXPECT_TRUE(testing::eventually(
      [&] {
        last = testing::plain_get(brief);
        if (last.status == 200) {
          EXPECT_EQ(last.body, binary);
        }
        return last.status != 200;
      },
      30s));
  EXPECT_EQ(last.status, 403);
  EXPECT_NE(last.body.find("AccessDenied"), std::string::npos) << last.body;

  const std::string url = client->presign_get(key, 5min);
  EXPECT_EQ(testing::plain_get(url.substr(0, url.find('?'))).status, 403);  // not public
}

}  // namespace
}  // namespace tessera::s3
