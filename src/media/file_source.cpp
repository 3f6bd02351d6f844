#include "media/file_source.hpp"

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera::media {
namespace {

constexpr std::uint64_t kChunkBytes = 64 * 1024;

[[noreturn]] void throw_errno(int error, const std::string& what,
                              const std::filesystem::path& path) {
  throw std::system_error(error, std::generic_category(), what + " " + path.string());
}

}  // namespace

FileSource::FileSource(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_errno(errno, "open", path_);
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    ::close(fd_);
    throw_errno(error, "stat", path_);
  }
  file_size_ = static_cast<std::uint64_t>(info.st_size);
  length_ = left_ = file_size_;
  // Read ahead more eagerly, so that the next chunks are in the page cache when asked for.
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

void FileSource::select(std::uint64_t offset, std::uint64_t length) {
  if (offset > file_size_ || length > file_size_ - offset)
    throw std::out_of_range("range past the end of " + path_.string());
  position_ = offset;
  length_ = left_ = length;
}

boost::asio::awaitable<std::string_view> FileSource::next() {
  if (left_ == 0) co_return std::string_view();
  if (!buffer_) {
    buffer_size_ = static_cast<std::size_t>(std::min(kChunkBytes, length_));
    buffer_ = std::make_unique_for_overwrite<char[]>(buffer_size_);
  }
  const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_size_, left_));
  ssize_t n = -1;
  do {
    n = ::pread(fd_, buffer_.get(), wanted, static_cast<off_t>(position_));
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno(errno, "read", path_);
  if (n == 0) throw std::runtime_error("stored file " + path_.string() + " got shorter");
  position_ += static_cast<std::uint64_t>(n);
  left_ -= static_cast<std::uint64_t>(n);
  co_return std::string_view(buffer_.get(), static_cast<std::size_t>(n));
}

}  // namespace tessera::media
