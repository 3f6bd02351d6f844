#include "media/file_source.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "media/media_storage.hpp"

#include "test_images.hpp"

namespace tessera::media {
namespace {

// Every chunk next() yields, until the empty one.
std::vector<std::string> drain(core::ByteSource& source) {
  auto read_all = [&source]() -> boost::asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> chunks;
    for (;;) {
      const std::string_view chunk = co_await source.next();
      if (chunk.empty()) break;
      chunks.emplace_back(chunk);
    }
    co_return chunks;
  };
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, read_all(), boost::asio::use_future);
  io.run();
  return future.get();
}

std::string joined(const std::vector<std::string>& chunks) {
  std::string out;
  for (const auto& chunk : chunks) out += chunk;
  return out;
}

// Bytes that differ from offset to offset, so that a slice in the wrong place shows.
std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 31 + i / 251) & 0xff);
  return bytes;
}

class FileSourceTest : public fixtures::ScratchDir {
 protected:
  std::filesystem::path write(const std::string& bytes) {
    const auto file = path("file.bin");
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
};

TEST_F(FileSourceTest, YieldsTheWholeFileInChunksOfAtMost64KiB) {
  const std::string bytes = pattern(200 * 1024 + 7);
  FileSource source(write(bytes));
  EXPECT_EQ(source.file_size(), bytes.size());
  EXPECT_EQ(source.size(), bytes.size());
  const auto chunks = drain(source);
  ASSERT_EQ(chunks.size(), 4u);
  for (const auto& chunk : chunks) EXPECT_LE(chunk.size(), 64u * 1024);
  EXPECT_EQ(joined(chunks), bytes);
}

TEST_F(FileSourceTest, YieldsOnlyTheSelectedRange) {
  const std::string bytes = pattern(150 * 1024);
  FileSource source(write(bytes));
  source.select(1000, 70 * 1024);
  EXPECT_EQ(source.size(), 70u * 1024);
  EXPECT_EQ(joined(drain(source)), bytes.substr(1000, 70 * 1024));

  FileSource tail(path("file.bin"));
  tail.select(bytes.size() - 1, 1);
  EXPECT_EQ(joined(drain(tail)), bytes.substr(bytes.size() - 1));
}

TEST_F(FileSourceTest, AnEmptyFileOrRangeYieldsNothing) {
  FileSource empty(write(""));
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(drain(empty).empty());
  FileSource none(write("abc"));
  none.select(3, 0);
  EXPECT_TRUE(drain(none).empty());
}

TEST_F(FileSourceTest, ARangePastTheEndIsRefused) {
  FileSource source(write("abcdef"));
  EXPECT_THROW(source.select(7, 0), std::out_of_range);
  EXPECT_THROW(source.select(2, 5), std::out_of_range);
  EXPECT_THROW(source.select(1, UINT64_MAX), std::out_of_range);
}

TEST_F(FileSourceTest, AFileThatGotShorterIsAnError) {
  const auto file = write(pattern(100 * 1024));
  FileSource source(file);
  std::filesystem::resize_file(file, 10);
  EXPECT_THROW(drain(source), std::runtime_error);
}

TEST_F(FileSourceTest, AMissingFileIsNotFound) {
  try {
    FileSource source(path("missing.bin"));
    FAIL() << "opened a missing file";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }
  const MediaStorage storage(dir_ / "media");
  EXPECT_EQ(storage.open("originals/missing.jpg"), nullptr);
  storage.write("originals/there.jpg", "bytes");
  auto there = storage.open("originals/there.jpg");
  ASSERT_NE(there, nullptr);
  EXPECT_EQ(joined(drain(*there)), "bytes");
  EXPECT_THROW(storage.open("../outside"), InvalidStorageKey);
}

}  // namespace
}  // namespace tessera::media
