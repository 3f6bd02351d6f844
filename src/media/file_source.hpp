#pragma once
// A stored file's bytes as a core::ByteSource, for streaming it to a client: opened once,
// then read with pread, one chunk of at most 64 KiB per next().
//
// The reads run on the calling (I/O) thread rather than on a pool: a 64 KiB pread of a file
// that the kernel reads ahead (POSIX_FADV_SEQUENTIAL) is a copy from the page cache of some
// tens of microseconds, about what handing it to another thread and back would cost; and the
// CPU pool is where uploads are probed and committed, which downloads must not queue behind.
// A storage whose reads can wait long (S3) brings its own asynchronous source instead.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/byte_source.hpp"

namespace tessera::media {

class FileSource final : public core::ByteSource {
 public:
  // Opens the file; throws std::system_error (errc::no_such_file_or_directory when missing).
  explicit FileSource(const std::filesystem::path& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  // The file's size when it was opened.
  std::uint64_t file_size() const noexcept { return file_size_; }
  // Yields only bytes [offset, offset + length) of the file (the whole file until then).
  // Call before the first next(); throws std::out_of_range past the file's end.
  void select(std::uint64_t offset, std::uint64_t length);

  std::uint64_t size() const override { return length_; }
  // Throws std::system_error on a read error, std::runtime_error when the file got shorter.
  boost::asio::awaitable<std::string_view> next() override;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::uint64_t position_ = 0;  // the next byte to read
  std::uint64_t length_ = 0;
  std::uint64_t left_ = 0;
  std::unique_ptr<char[]> buffer_;  // allocated at the first read: a HEAD never reads
  std::size_t buffer_size_ = 0;
};

}  // namespace tessera::media
