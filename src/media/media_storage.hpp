#pragma once
// Stored files under MEDIA_ROOT, always under names the server made up:
//   originals/<image id>.<ext>               the upload as received
//   variants/<image id>/<variant name>.webp  its resized copies
// A storage key is such a path relative to the root; the database keeps keys, never paths.
// Every file is written under a temporary name (".tmp-<random>") in its final directory,
// then fsynced and renamed, so a crash never leaves half a file under a real name.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/uuid.hpp"
#include "media/image_format.hpp"

namespace tessera::media {

class FileSource;

// A key that is not one of ours (empty, absolute, "..", a hidden or temporary name, a
// character outside [A-Za-z0-9._-]), or a variant name outside [a-z0-9_-].
class InvalidStorageKey : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A file being written, invisible under any real name until commit(). Destroyed without a
// commit, it removes its temporary file. I/O failures throw std::system_error. Used by one
// thread at a time, which may change between calls (an upload's writes run on a pool).
class PendingFile {
 public:
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&& other) noexcept;
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile();

  // Appends `bytes`. Written straight to the file (no buffering in between), so path() can
  // be probed at any time.
  void write(std::string_view bytes);
  std::uint64_t size() const noexcept { return size_; }
  // The first bytes written, up to kSniffBytes: enough for sniff_image_format.
  const std::string& head() const noexcept { return head_; }
  // The temporary file.
  const std::filesystem::path& path() const noexcept { return temp_path_; }

  // Flushes the file to disk and renames it to `key` (replacing a file of that name), which
  // must be in the directory the file was begun in. Throws InvalidStorageKey, or
  // std::system_error (the temporary file then stays until destruction).
  void commit(std::string_view key);
  // Removes the temporary file now; commit() is then refused.
  void discard() noexcept;

 private:
  friend class MediaStorage;
  PendingFile(std::filesystem::path root, std::filesystem::path directory);

  std::filesystem::path root_;
  std::filesystem::path directory_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string head_;
};

class MediaStorage {
 public:
  // Creates the root and its originals/ and variants/ directories when missing. Throws
  // std::filesystem::filesystem_error.
  explicit MediaStorage(const std::filesystem::path& root);

  const std::filesystem::path& root() const noexcept { return root_; }

  // "originals/<id>.<ext>".
  static std::string original_key(const core::Uuid& image_id, ImageFormat format);
  // "variants/<id>/<name>.webp". Throws InvalidStorageKey for a bad name.
  static std::string variant_key(const core::Uuid& image_id, std::string_view variant_name);
  // [a-z0-9_-]+, at most 64 characters.
  static bool is_valid_variant_name(std::string_view name);

  // The file a key names, always inside the root. Throws InvalidStorageKey.
  std::filesystem::path resolve(std::string_view key) const;

  // A new temporary file in originals/, for an upload that arrives in chunks; commit it to
  // original_key(...) once its format is known.
  PendingFile begin_original() const;
  // Writes `bytes` under `key` atomically, creating its directory; replaces an existing file.
  void write(std::string_view key, std::string_view bytes) const;
  // write(variant_key(image_id, variant_name), webp); returns the key.
  std::string write_variant(const core::Uuid& image_id, std::string_view variant_name,
                            std::string_view webp) const;

  // The file's bytes, or nullopt when there is no such file.
  std::optional<std::string> read(std::string_view key) const;
  // The file, opened for streaming (media/file_source.hpp): nullptr when there is no such
  // file. Throws InvalidStorageKey, or std::system_error.
  std::unique_ptr<FileSource> open(std::string_view key) const;
  // Whether a file was there to remove.
  bool remove(std::string_view key) const;
  // The original (whatever its extension) and every variant of the image; the number of
  // files and directories removed. Removing twice is harmless.
  std::uintmax_t remove_image(const core::Uuid& image_id) const;
  // The images that have files here (an original or a variants directory), each last
  // changed more than `older_than` ago: for finding files whose row is gone.
  std::vector<core::Uuid> stored_images(std::chrono::seconds older_than) const;
  // Removes temporary files last modified more than `older_than` ago (left by a crash);
  // returns how many. Keep `older_than` above the longest upload.
  std::size_t sweep_temporaries(std::chrono::minutes older_than) const;

 private:
  std::filesystem::path root_;
};

}  // namespace tessera::media
