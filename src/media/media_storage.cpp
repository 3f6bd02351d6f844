#include "media/media_storage.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "media/file_source.hpp"

namespace tessera::media {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kOriginals = "originals";
constexpr std::string_view kVariants = "variants";
constexpr std::string_view kTempPrefix = ".tmp-";
constexpr std::size_t kMaxKeyLength = 255;

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Each component non-empty, not hidden (which also refuses ".", ".." and temporary
// names), made of key characters only: then root / key cannot leave the root.
bool is_valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t end = std::min(key.find('/', start), key.size());
    const std::string_view part = key.substr(start, end - start);
    if (part.empty() || part.front() == '.' ||
        !std::all_of(part.begin(), part.end(), is_key_character)) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

fs::path resolve_key(const fs::path& root, std::string_view key) {
  if (!is_valid_key(key)) {
    throw InvalidStorageKey("not a storage key: \"" + std::string(key) + "\"");
  }
  return root / fs::path(key);
}

std::string temp_name() {
  std::string name(kTempPrefix);
  for (char c : core::Uuid::fast_random().str()) {
    if (c != '-') name += c;
  }
  return name;
}

// Closes a descriptor on every path out of a function.
struct ScopedFd {
  int fd;
  ~ScopedFd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write", path);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Makes a rename in `directory` survive a crash.
void sync_directory(const fs::path& directory) {
  const ScopedFd dir{::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd < 0) throw_errno("open", directory);
  if (::fsync(dir.fd) != 0) throw_errno("fsync", directory);
}

}  // namespace

PendingFile::PendingFile(fs::path root, fs::path directory)
    : root_(std::move(root)), directory_(std::move(directory)) {
  temp_path_ = directory_ / temp_name();
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno("create", temp_path_);
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : root_(std::move(other.root_)),
      directory_(std::move(other.directory_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      fd_(std::exchange(other.fd_, -1)),
      size_(other.size_),
      head_(std::move(other.head_)) {}

PendingFile& PendingFile::operator=(PendingFile&& other) noexcept {
  if (this != &other) {
    discard();
    root_ = std::move(other.root_);
    directory_ = std::move(other.directory_);
    temp_path_ = std::exchange(other.temp_path_, {});
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    head_ = std::move(other.head_);
  }
  return *this;
}

PendingFile::~PendingFile() {
  discard();
}

void PendingFile::write(std::string_view bytes) {
  if (fd_ < 0) throw std::logic_error("write to a committed or discarded file");
  if (head_.size() < kSniffBytes) head_.append(bytes.substr(0, kSniffBytes - head_.size()));
  write_all(fd_, bytes, temp_path_);
  size_ += bytes.size();
}

void PendingFile::commit(std::string_view key) {
  if (fd_ < 0) throw std::logic_error("commit of a committed or discarded file");
  const fs::path target = resolve_key(root_, key);
  if (target.parent_path() != directory_) {
    throw InvalidStorageKey("\"" + std::string(key) + "\" is not in " + directory_.string());
  }
  if (::fsync(fd_) != 0) throw_errno("fsync", temp_path_);
  // From here on a failure leaves only the temporary file, which discard() removes.
  if (::close(std::exchange(fd_, -1)) != 0) throw_errno("close", temp_path_);
  if (::rename(temp_path_.c_str(), target.c_str()) != 0) throw_errno("rename", temp_path_);
  temp_path_.clear();
  sync_directory(directory_);
}

void PendingFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

MediaStorage::MediaStorage(const fs::path& root) : root_(fs::absolute(root).lexically_normal()) {
  if (!root_.has_filename()) root_ = root_.parent_path();  // "media/" -> "media"
  fs::create_directories(root_ / kOriginals);
  fs::create_directories(root_ / kVariants);
}

std::string MediaStorage::original_key(const core::Uuid& image_id, ImageFormat format) {
  return std::string(kOriginals) + "/" + image_id.str() + "." + std::string(extension(format));
}

std::string MediaStorage::variant_key(const core::Uuid& image_id, std::string_view variant_name) {
  if (!is_valid_variant_name(variant_name)) {
    throw InvalidStorageKey("not a variant name: \"" + std::string(variant_name) + "\"");
  }
  return std::string(kVariants) + "/" + image_id.str() + "/" + std::string(variant_name) + ".webp";
}

bool MediaStorage::is_valid_variant_name(std::string_view name) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), allowed);
}

fs::path MediaStorage::resolve(std::string_view key) const {
  return resolve_key(root_, key);
}

PendingFile MediaStorage::begin_original() const {
  return PendingFile(root_, root_ / kOriginals);
}

void MediaStorage::write(std::string_view key, std::string_view bytes) const {
  const fs::path target = resolve(key);
  fs::create_directories(target.parent_path());
  PendingFile file(root_, target.parent_path());
  file.write(bytes);
  file.commit(key);
}

std::string MediaStorage::write_variant(const core::Uuid& image_id, std::string_view variant_name,
                                        std::string_view webp) const {
  std::string key = variant_key(image_id, variant_name);
  write(key, webp);
  return key;
}

std::optional<std::string> MediaStorage::read(std::string_view key) const {
  const fs::path path = resolve(key);
  const ScopedFd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw_errno("open", path);
  }
  std::string bytes;
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    const ssize_t n = ::read(file.fd, chunk.data(), chunk.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read", path);
    }
    bytes.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return bytes;
}

std::unique_ptr<FileSource> MediaStorage::open(std::string_view key) const {
  const fs::path path = resolve(key);
  try {
    return std::make_unique<FileSource>(path);
  } catch (const std::system_error& e) {
    if (e.code() == std::errc::no_such_file_or_directory) return nullptr;
    throw;
  }
}

bool MediaStorage::remove(std::string_view key) const {
  return fs::remove(resolve(key));
}

std::uintmax_t MediaStorage::remove_image(const core::Uuid& image_id) const {
  std::uintmax_t removed = 0;
  for (auto format : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp, ImageFormat::gif}) {
    removed += fs::remove(resolve(original_key(image_id, format))) ? 1 : 0;
  }
  return removed + fs::remove_all(root_ / kVariants / image_id.str());
}

std::vector<core::Uuid> MediaStorage::stored_images(std::chrono::seconds older_than) const {
  const auto cutoff = fs::file_time_type::clock::now() - older_than;
  std::vector<core::Uuid> ids;
  // "originals/<id>.<ext>" and "variants/<id>/": the id is the name up to the first dot.
  for (const auto dir : {kOriginals, kVariants}) {
    std::error_code ec;
    fs::directory_iterator it(root_ / dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const auto id = core::Uuid::parse(name.substr(0, name.find('.')));
      std::error_code entry_ec;
      if (!id || it->last_write_time(entry_ec) >= cutoff || entry_ec) continue;
      ids.push_back(*id);
    }
    if (ec) throw fs::filesystem_error("list", root_ / dir, ec);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::size_t MediaStorage::sweep_temporaries(std::chrono::minutes older_than) const {
  const auto cutoff = fs::file_time_type::clock::now() - older_than;
  std::size_t removed = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->path().filename().string().starts_with(kTempPrefix)) continue;
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec) || it->last_write_time(entry_ec) >= cutoff || entry_ec) {
      continue;
    }
    removed += fs::remove(it->path(), entry_ec) ? 1 : 0;
  }
  if (ec) throw fs::filesystem_error("sweep", root_, ec);
  return removed;
}

}  // namespace tessera::media
