#include "api/upload_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "core/cpu_pool.hpp"
#include "http/context.hpp"
#include "http/http_error.hpp"
#include "media/image_format.hpp"

namespace tessera::api {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr std::string_view kBoundary = "tessera-test-boundary-7f3a9c";

// A multipart body with a small field first, then the file part.
std::string multipart_body(const std::string& file) {
  std::string body = "--" + std::string(kBoundary) +
                     "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" +
                     std::string(kBoundary) +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n";
  body += file;
  body += "\r\n--" + std::string(kBoundary) + "--\r\n";
  return body;
}

std::string random_bytes(std::size_t n) {
  std::mt19937 random(42);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(random() & 0xff);
  return out;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A body that arrives `chunk` bytes at a time, as from a slow client; or that breaks off after
// `cut_after` bytes, as when the client goes away (the server's reader then throws 400).
class ChunkedBody final : public http::BodyReader {
 public:
  ChunkedBody(std::string body, std::size_t chunk,
              std::size_t cut_after = std::numeric_limits<std::size_t>::max())
      : body_(std::move(body)), chunk_(chunk), end_(std::min(cut_after, body_.size())) {}

  asio::awaitable<std::string_view> read_some() override {
    if (served_ == end_ && end_ < body_.size())
      throw http::HttpError(400, "Malformed HTTP request body");
    const std::size_t n = std::min(chunk_, end_ - served_);
    const std::string_view out(body_.data() + served_, n);
    served_ += n;
    co_return out;
  }
  bool done() const override { return served_ == body_.size(); }
  std::size_t served() const { return served_; }

 private:
  std::string body_;
  std::size_t chunk_;
  std::size_t end_;
  std::size_t served_ = 0;
};

// read_file_part, with a result that co_spawn can default-construct.
asio::awaitable<std::optional<UploadedFile>> read_part(http::Context& ctx, media::PendingFile file,
                                                       std::uint64_t max_bytes,
                                                       UploadWriter write) {
  UploadedFile upload =
      co_await read_file_part(ctx, std::move(file), "file", max_bytes, std::move(write));
  co_return std::move(upload);
}

class UploadReader : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tessera-upload-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    storage_.emplace(dir_ / "media");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes on the pool as Images::write_upload does, and records what it was asked to write.
  asio::awaitable<void> write_on_pool(media::PendingFile& file, std::string_view bytes) {
    writes_.push_back(bytes.size());
    // Bytes read from the body and not yet on disk: the batch, plus at most one read.
    unwritten_peak_ = std::max(unwritten_peak_, body_->served() - written_);
    auto write = [&file, bytes] {
      file.write(bytes);
      return std::this_thread::get_id();
    };
    const std::thread::id writer = co_await pool_.run(std::move(write));
    if (writer == std::this_thread::get_id()) on_io_thread_ = true;
    written_ += bytes.size();
  }

  // read_file_part over `body`, run on an io_context of this thread (the I/O thread here).
  UploadedFile read(ChunkedBody& body, std::uint64_t max_bytes) {
    body_ = &body;
    http::Request request;
    request.method = http::Method::post;
    request.headers.add("Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary));
    request.body_reader = &body;
    http::Context ctx(request);
    const UploadWriter write = [this](media::PendingFile& file, std::string_view bytes) {
      return write_on_pool(file, bytes);
    };
    asio::io_context io;
    auto result = asio::co_spawn(io, read_part(ctx, storage_->begin_original(), max_bytes, write),
                                 asio::use_future);
    io.run();
    return std::move(*result.get());
  }

  // Every file in originals/, temporary ones included.
  std::size_t originals() const {
    const auto entries = fs::directory_iterator(storage_->root() / "originals");
    return static_cast<std::size_t>(std::distance(fs::begin(entries), fs::end(entries)));
  }

  fs::path dir_;
  std::optional<media::MediaStorage> storage_;
  core::CpuPool pool_{1};
  ChunkedBody* body_ = nullptr;
  std::vector<std::size_t> writes_;
  std::size_t written_ = 0;
  std::size_t unwritten_peak_ = 0;
  bool on_io_thread_ = false;
};

TEST_F(UploadReader, SeveralMebibytesInSmallChunksAreStoredByteIdenticalInBatches) {
  const std::string data = random_bytes(5 * 1024 * 1024 + 12345);
  constexpr std::size_t kChunk = 1000;
  ChunkedBody body(multipart_body(data), kChunk);
  UploadedFile upload = read(body, 8 * 1024 * 1024);

  EXPECT_EQ(upload.filename, "big.bin");
  EXPECT_EQ(upload.file.size(), data.size());
  EXPECT_EQ(upload.file.head(), data.substr(0, media::kSniffBytes));
  EXPECT_TRUE(contents(upload.file.path()) == data) << "the stored bytes differ";
  // Full batches (each overshoots by less than one read, and the few bytes the parser holds
  // back while it looks for the boundary), then the last partial one; each written on the
  // pool and awaited before the body is read on.
  const std::size_t most = kUploadWriteBatch + kChunk + 64;
  ASSERT_GE(writes_.size(), data.size() / most);
  for (std::size_t i = 0; i + 1 < writes_.size(); ++i) {
    EXPECT_GE(writes_[i], kUploadWriteBatch);
    EXPECT_LT(writes_[i], most);
  }
  EXPECT_GT(writes_.back(), 0u);
  EXPECT_LT(writes_.back(), most);
  EXPECT_EQ(written_, data.size());
  EXPECT_FALSE(on_io_thread_);
  EXPECT_LT(unwritten_peak_, most + kChunk);
}

TEST_F(UploadReader, ASmallFileIsWrittenOnceAtTheEnd) {
  ChunkedBody body(multipart_body("GIF89a tiny"), 7);
  UploadedFile upload = read(body, 1024);
  EXPECT_EQ(contents(upload.file.path()), "GIF89a tiny");
  EXPECT_EQ(upload.file.head(), "GIF89a tiny");
  EXPECT_EQ(writes_, std::vector<std::size_t>{11});
}

TEST_F(UploadReader, AFileOfExactlyTheLimitIsAccepted) {
  const std::string data = random_bytes(kUploadWriteBatch * 3 + 1);
  ChunkedBody body(multipart_body(data), 4096);
  UploadedFile upload = read(body, data.size());
  EXPECT_EQ(upload.file.size(), data.size());
  EXPECT_TRUE(contents(upload.file.path()) == data);
}

TEST_F(UploadReader, OverTheLimitIs413AsSoonAsItIsPassedAndLeavesNoFile) {
  const std::uint64_t limit = 1024 * 1024 + 7;  // not a multiple of the batch
  constexpr std::size_t kChunk = 1000;
  ChunkedBody body(multipart_body(random_bytes(3 * 1024 * 1024)), kChunk);
  try {
    read(body, limit);
    FAIL() << "no 413";
  } catch (const http::HttpError& e) {
    EXPECT_EQ(e.status(), 413);
  }
  // Refused within the read that passed the limit (the framing before the file is small), by
  // counting what arrived: less than that had been written.
  EXPECT_LT(body.served(), limit + kChunk + 512);
  EXPECT_LT(written_, limit);
  EXPECT_EQ(originals(), 0u);
}

TEST_F(UploadReader, AClientGoneMidUploadLeavesNoTemporaryFile) {
  ChunkedBody body(multipart_body(random_bytes(4 * 1024 * 1024)), 1000, 2 * 1024 * 1024);
  try {
    read(body, 8 * 1024 * 1024);
    FAIL() << "the broken body was accepted";
  } catch (const http::HttpError& e) {
    EXPECT_EQ(e.status(), 400);
  }
  EXPECT_GT(written_, 0u);  // part of it had reached the disk
  EXPECT_EQ(originals(), 0u);
}

}  // namespace
}  // namespace tessera::api
