#include "s3/upload_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera::s3 {

std::size_t BufferSource::read(std::uint64_t offset, std::span<char> into) {
  if (offset >= bytes_.size()) throw std::out_of_range("S3 upload: read past the buffer's end");
  const std::size_t n = std::min<std::uint64_t>(into.size(), bytes_.size() - offset);
  std::memcpy(into.data(), bytes_.data() + offset, n);
  return n;
}

FileSource::FileSource(const std::filesystem::path& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
  struct stat status {};
  const int error = ::fstat(fd_, &status) != 0 ? errno : S_ISREG(status.st_mode) ? 0 : EINVAL;
  if (error != 0) {
    ::close(fd_);
    throw std::system_error(error, std::generic_category(),
                            path.string() + " is not a regular file");
  }
  size_ = static_cast<std::uint64_t>(status.st_size);
}

FileSource::~FileSource() {
  ::close(fd_);
}

std::size_t FileSource::read(std::uint64_t offset, std::span<char> into) {
  if (offset >= size_) throw std::out_of_range("S3 upload: read past the file's end");
  const std::size_t wanted = std::min<std::uint64_t>(into.size(), size_ - offset);
  while (true) {
    const ssize_t n = ::pread(fd_, into.data(), wanted, static_cast<off_t>(offset));
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) throw std::runtime_error("S3 upload: the file became shorter while it was read");
    if (errno != EINTR)
      throw std::system_error(errno, std::generic_category(), "cannot read the file");
  }
}

}  // namespace tessera::s3
