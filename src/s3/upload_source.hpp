#pragma once
// The bytes of an upload, read at any offset and as often as the upload needs: once to hash
// them (the signature covers the body), once to send them, again for a retry. A file is read
// from disk a buffer at a time, never held whole.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace tessera::s3 {

class UploadSource {
 public:
  virtual ~UploadSource() = default;

  // How many bytes the upload has; the same for the whole upload.
  virtual std::uint64_t size() const = 0;
  // Copies bytes from `offset` (< size()) into `into` (not empty) and returns how many, at
  // least one. Throws when they cannot be read: the upload is then abandoned.
  virtual std::size_t read(std::uint64_t offset, std::span<char> into) = 0;
};

// Bytes in memory, which must outlive the upload.
class BufferSource final : public UploadSource {
 public:
  explicit BufferSource(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::size_t read(std::uint64_t offset, std::span<char> into) override;

 private:
  std::string_view bytes_;
};

// A regular file, opened at construction; its size is taken then. std::system_error when it
// cannot be opened or read, or when it is not a regular file; std::runtime_error when it
// shrinks while it is read.
class FileSource final : public UploadSource {
 public:
  explicit FileSource(const std::filesystem::path& path);
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;

  std::uint64_t size() const override { return size_; }
  std::size_t read(std::uint64_t offset, std::span<char> into) override;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace tessera::s3
