#include "media/media_storage.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "test_images.hpp"

namespace tessera::media {
namespace {

namespace fs = std::filesystem;

const core::Uuid kImage = *core::Uuid::parse("0b7e6a4e-5f1c-4d2a-9b3e-2a1c4d5e6f70");

class Storage : public fixtures::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    storage_.emplace(dir_ / "media");
  }

  // Every file under the root, as keys.
  std::vector<std::string> files() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(storage_->root())) {
      if (entry.is_regular_file()) found.push_back(fs::relative(entry.path(), storage_->root()));
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  std::optional<MediaStorage> storage_;
};

TEST_F(Storage, KeysAreServerGenerated) {
  EXPECT_EQ(MediaStorage::original_key(kImage, ImageFormat::jpeg),
            "originals/0b7e6a4e-5f1c-4d2a-9b3e-2a1c4d5e6f70.jpg");
  EXPECT_EQ(MediaStorage::variant_key(kImage, "thumb"),
            "variants/0b7e6a4e-5f1c-4d2a-9b3e-2a1c4d5e6f70/thumb.webp");
  for (const char* bad : {"", "Thumb", "../x", "a/b", "a.b", "a b", "thumb\n"}) {
    EXPECT_FALSE(MediaStorage::is_valid_variant_name(bad)) << bad;
    EXPECT_THROW(MediaStorage::variant_key(kImage, bad), InvalidStorageKey) << bad;
  }
  EXPECT_TRUE(MediaStorage::is_valid_variant_name("x_large-2"));
  EXPECT_FALSE(MediaStorage::is_valid_variant_name(std::string(65, 'a')));
}

TEST_F(Storage, CreatesItsDirectories) {
  EXPECT_TRUE(fs::is_directory(dir_ / "media/originals"));
  EXPECT_TRUE(fs::is_directory(dir_ / "media/variants"));
  EXPECT_TRUE(storage_->root().is_absolute());
}

TEST_F(Storage, AnUploadIsInvisibleUntilCommitted) {
  const std::string key = MediaStorage::original_key(kImage, ImageFormat::png);
  {
    PendingFile upload = storage_->begin_original();
    upload.write("\x89PNG\r\n");
    upload.write(std::string("\x1A\n\0\0\0\x0D", 6));
    upload.write("IHDR and the rest");
    EXPECT_EQ(upload.size(), 29u);
    EXPECT_EQ(upload.head(), std::string("\x89PNG\r\n\x1A\n\0\0\0\x0D", 12));
    EXPECT_EQ(sniff_image_format(upload.head()), ImageFormat::png);
    EXPECT_EQ(upload.path().parent_path(), storage_->root() / "originals");
    EXPECT_TRUE(upload.path().filename().string().starts_with(".tmp-"));
    EXPECT_EQ(fixtures::read_bytes(upload.path()).size(), 29u) << "written through, probe-able";
    EXPECT_EQ(storage_->read(key), std::nullopt);

    upload.commit(key);
    EXPECT_THROW(upload.write("more"), std::logic_error);
    EXPECT_THROW(upload.commit(key), std::logic_error);
  }
  EXPECT_EQ(files(), std::vector<std::string>{key});
  EXPECT_EQ(storage_->read(key)->size(), 29u);
}

TEST_F(Storage, AnUncommittedUploadLeavesNothing) {
  fs::path temp;
  {
    PendingFile upload = storage_->begin_original();
    upload.write("partial");
    temp = upload.path();
    EXPECT_TRUE(fs::exists(temp));
    PendingFile moved = std::move(upload);  // ownership moves with the object
    EXPECT_TRUE(fs::exists(temp));
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(files().empty());

  PendingFile discarded = storage_->begin_original();
  discarded.write("x");
  discarded.discard();
  EXPECT_TRUE(files().empty());
  EXPECT_THROW(discarded.commit(MediaStorage::original_key(kImage, ImageFormat::gif)),
               std::logic_error);
}

TEST_F(Storage, ACommitStaysInItsDirectory) {
  PendingFile upload = storage_->begin_original();
  upload.write("bytes");
  EXPECT_THROW(upload.commit(MediaStorage::variant_key(kImage, "thumb")), InvalidStorageKey);
  EXPECT_THROW(upload.commit("../escaped.jpg"), InvalidStorageKey);
  upload.commit("originals/elsewhere.jpg");  // the same directory: fine
  EXPECT_EQ(storage_->read("originals/elsewhere.jpg"), "bytes");
}

TEST_F(Storage, WritesReplaceAtomicallyAndRead) {
  const std::string key = storage_->write_variant(kImage, "thumb", "first");
  EXPECT_EQ(key, MediaStorage::variant_key(kImage, "thumb"));
  EXPECT_EQ(storage_->read(key), "first");
  storage_->write_variant(kImage, "thumb", "second, longer");
  EXPECT_EQ(storage_->read(key), "second, longer");
  EXPECT_EQ(files(), std::vector<std::string>{key}) << "no temporary file left behind";
}

TEST_F(Storage, RefusesKeysOutsideTheRoot) {
  for (const char* bad :
       {"", "/etc/passwd", "../outside", "originals/../../outside", "..", "originals/..",
        "./originals/x.jpg", "originals//x.jpg", "originals/", "originals/.tmp-0123",
        "originals/.hidden", "originals\\x.jpg", "originals/x y.jpg", "variants/%2e%2e/x"}) {
    EXPECT_THROW(storage_->resolve(bad), InvalidStorageKey) << bad;
    EXPECT_THROW(storage_->read(bad), InvalidStorageKey) << bad;
    EXPECT_THROW(storage_->write(bad, "x"), InvalidStorageKey) << bad;
    EXPECT_THROW(storage_->remove(bad), InvalidStorageKey) << bad;
  }
  EXPECT_THROW(storage_->resolve(std::string("originals/a\0b", 13)), InvalidStorageKey);
  EXPECT_EQ(storage_->resolve("originals/x.jpg"), storage_->root() / "originals" / "x.jpg");
  EXPECT_TRUE(files().empty());
}

TEST_F(Storage, RemovesAnImagesFiles) {
  const core::Uuid other = core::Uuid::random();
  storage_->write(MediaStorage::original_key(kImage, ImageFormat::webp), "original");
  storage_->write_variant(kImage, "thumb", "t");
  storage_->write_variant(kImage, "large", "l");
  storage_->write(MediaStorage::original_key(other, ImageFormat::jpeg), "other");
  storage_->write_variant(other, "thumb", "other t");

  EXPECT_EQ(storage_->remove_image(kImage), 4u);  // original, two variants, their directory
  EXPECT_EQ(files(), (std::vector<std::string>{MediaStorage::original_key(other, ImageFormat::jpeg),
                                               MediaStorage::variant_key(other, "thumb")}));
  EXPECT_EQ(storage_->remove_image(kImage), 0u);
  EXPECT_TRUE(storage_->remove(MediaStorage::original_key(other, ImageFormat::jpeg)));
  EXPECT_FALSE(storage_->remove(MediaStorage::original_key(other, ImageFormat::jpeg)));
}

TEST_F(Storage, SweepsOnlyStaleTemporaries) {
  PendingFile fresh = storage_->begin_original();
  fresh.write("still uploading");
  const fs::path stale_original = storage_->root() / "originals" / ".tmp-stale1";
  const fs::path stale_variant = storage_->root() / "variants" / kImage.str() / ".tmp-stale2";
  const std::string kept_key = storage_->write_variant(kImage, "thumb", "kept");
  fixtures::write_bytes(stale_original, "crashed");
  fixtures::write_bytes(stale_variant, "crashed");
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& stale : {stale_original, stale_variant}) fs::last_write_time(stale, an_hour_ago);
  fs::last_write_time(storage_->resolve(kept_key), an_hour_ago);  // old, but a real name

  EXPECT_EQ(storage_->sweep_temporaries(std::chrono::minutes(30)), 2u);
  EXPECT_FALSE(fs::exists(stale_original));
  EXPECT_FALSE(fs::exists(stale_variant));
  EXPECT_TRUE(fs::exists(fresh.path()));
  EXPECT_EQ(storage_->read(kept_key), "kept");
  EXPECT_EQ(storage_->sweep_temporaries(std::chrono::minutes(30)), 0u);
}

}  // namespace
}  // namespace tessera::media
