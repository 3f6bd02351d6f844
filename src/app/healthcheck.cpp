#include "app/healthcheck.hpp"

#include <cstdio>
#include <memory>

#include <curl/curl.h>

namespace tessera::app {
namespace {

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

std::string healthcheck_url(const core::Settings& settings) {
  std::string host = settings.http_host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(settings.http_port) + "/healthz";
}

int probe_health(const std::string& url, std::chrono::milliseconds timeout) {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) {
    std::fprintf(stderr, "tessera healthcheck: libcurl did not start\n");
    return 1;
  }
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  const CURLcode result = curl_easy_perform(c);
  if (result != CURLE_OK) {
    std::fprintf(stderr, "tessera healthcheck: %s: %s\n", url.c_str(), curl_easy_strerror(result));
    return 1;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    std::fprintf(stderr, "tessera healthcheck: %s answered %ld\n", url.c_str(), status);
    return 1;
  }
  return 0;
}

}  // namespace tessera::app
