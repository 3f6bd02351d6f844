#pragma once
// Connecting the tests to the S3 server of scripts/services (S3_ENDPOINT, S3_REGION,
// S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PATH_STYLE, which scripts/test sources),
// and what the tests need besides the client: files of known bytes, plain HTTP GETs, sockets
// that refuse or never answer, the process's peak memory.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/uuid.hpp"
#include "s3/client.hpp"
#include "s3/sha256.hpp"

namespace tessera::s3::testing {

// The options for the server in the environment; nullopt, with a test failure naming what is
// missing, when it is not set.
inline std::optional<ClientOptions> server_options() {
  std::string missing;
  auto variable = [&missing](const char* name) -> std::string {
    const char* value = std::getenv(name);
    if (value && *value) return value;
    missing += missing.empty() ? name : std::string(", ") + name;
    return {};
  };
  const std::string endpoint = variable("S3_ENDPOINT");
  const std::string bucket = variable("S3_BUCKET");
  const std::string key_id = variable("S3_ACCESS_KEY_ID");
  const std::string secret = variable("S3_SECRET_ACCESS_KEY");
  if (!missing.empty()) {
    ADD_FAILURE() << missing << " not set: run the tests through scripts/test (it starts the S3 "
                  << "server), or source the env file of scripts/services up s3";
    return std::nullopt;
  }
  const char* path_style = std::getenv("S3_PATH_STYLE");
  const char* region = std::getenv("S3_REGION");
  ClientOptions options;
  options.endpoint = Endpoint::parse(endpoint, path_style && std::string_view(path_style) == "false"
                                                   ? Addressing::virtual_hosted
                                                   : Addressing::path_style);
  if (region && *region) options.region = region;
  options.bucket = bucket;
  options.credentials = {key_id, core::Secret(secret)};
  options.connect_timeout = std::chrono::seconds(5);
  options.request_timeout = std::chrono::seconds(60);
  return options;
}

// A key prefix of its own for each test: "tests/<uuid>/".
inline std::string unique_prefix() {
  return "tests/" + core::Uuid::random().str() + "/";
}

// `size` bytes that differ from part to part (a xorshift stream), written to `path` a MiB at
// a time; returns their SHA-256.
inline std::string write_pattern_file(const std::filesystem::path& path, std::uint64_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<char> buffer(1 << 20);
  std::uint32_t state = 0x2545f491;
  Sha256 hash;
  for (std::uint64_t written = 0; written < size;) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - written));
    for (std::size_t i = 0; i < n; ++i) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      buffer[i] = static_cast<char>(state);
    }
    out.write(buffer.data(), static_cast<std::streamsize>(n));
    hash.update({buffer.data(), n});
    written += n;
  }
  if (!out.flush()) ADD_FAILURE() << "cannot write " << path;
  return hash.final_hex();
}

struct PlainAnswer {
  long status = 0;  // 0: no answer
  std::string body;
};

// A GET of `url` with libcurl alone: no credentials, no signature but the URL's.
inline PlainAnswer plain_get(const std::string& url) {
  PlainAnswer answer;
  CURL* curl = curl_easy_init();
  if (!curl) return answer;
  auto append = +[](char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  };
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  if (curl_easy_perform(curl) == CURLE_OK)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_cleanup(curl);
  return answer;
}

// A TCP socket on 127.0.0.1 at a port of the kernel's choosing; listening, it completes
// connections (in its backlog) and never answers.
class LocalSocket {
 public:
  explicit LocalSocket(bool listen) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        (listen && ::listen(fd_, 16) != 0))
      ADD_FAILURE() << "cannot make a local socket";
    port_ = ntohs(address.sin_port);
  }
  LocalSocket(const LocalSocket&) = delete;
  LocalSocket& operator=(const LocalSocket&) = delete;
  ~LocalSocket() { close(); }

  int fd() const { return fd_; }

  // Closes it: the port then refuses connections (no one else is told to take it).
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

// An HTTP server on 127.0.0.1 that gives the answers it was handed, one a connection, in
// order, and counts the requests: for what the real server will not do on demand (503
// SlowDown). The answers should carry "Connection: close".
class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::string> answers)
      : answers_(std::move(answers)), thread_([this] { serve(); }) {}
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  ~ScriptedServer() {
    ::shutdown(socket_.fd(), SHUT_RDWR);  // ends a waiting accept()
    thread_.join();
  }

  std::string url() const { return socket_.url(); }
  int requests() const { return requests_; }

 private:
  void serve() {
    for (const std::string& answer : answers_) {
      const int connection = ::accept(socket_.fd(), nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(connection, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      ++requests_;
      (void)!::write(connection, answer.data(), answer.size());
      ::close(connection);
    }
  }

  LocalSocket socket_{true};
  std::vector<std::string> answers_;
  std::atomic<int> requests_ = 0;
  std::thread thread_;
};

// The process's peak resident memory (VmHWM) in bytes, after resetting it to the current
// resident size when the kernel allows (clear_refs 5); 0 when /proc cannot be read.
inline std::uint64_t peak_rss(bool reset_first = false) {
  if (reset_first) std::ofstream("/proc/self/clear_refs") << "5";
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

// Polls `condition` every 100 ms until it holds or `limit` has passed; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

}  // namespace tessera::s3::testing
