#include "s3/transport.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <span>

#include <curl/curl.h>

#include "core/ascii.hpp"
#include "core/text.hpp"

namespace tessera::s3 {
namespace {

// Bodies below this go without "Expect: 100-continue": waiting for the server's go-ahead
// costs a round trip, and sending them to a server that refuses costs little.
constexpr std::uint64_t expect_continue_from = 1 << 20;

struct ListFree {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, ListFree>;

// curl_global_init must run once before the first handle, and not on two threads at once.
void init_curl_once() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK)
    throw TransportError(std::string("libcurl: ") + curl_easy_strerror(result), false, 0);
}

// The options are set by code: a refusal means a libcurl built without HTTP.
void check(CURLcode code) {
  if (code != CURLE_OK)
    throw TransportError(std::string("libcurl refused an option: ") + curl_easy_strerror(code),
                         false, 0);
}

bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

// What one perform() shares with libcurl's callbacks.
struct Transfer {
  const Exchange& exchange;
  CURL* curl;
  std::size_t max_kept_body;
  HttpResponse response;
  std::uint64_t sent = 0;      // bytes of the body window read so far
  std::exception_ptr failure;  // thrown in a callback, rethrown after curl_easy_perform
};

// Runs `step` for a callback; an exception is kept for perform() and `refusal` returned, which
// makes libcurl stop.
template <class Step>
std::size_t guarded(Transfer& transfer, std::size_t refusal, Step step) {
  try {
    return step();
  } catch (...) {
    transfer.failure = std::current_exception();
    return refusal;
  }
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  return guarded(transfer, 0, [&] {
    if (line.starts_with("HTTP/")) {
      transfer.response.headers.clear();  // a new answer (after "100 Continue")
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      transfer.response.headers.emplace_back(core::ascii_lower(core::trim(line.substr(0, colon))),
                                             std::string(core::trim(line.substr(colon + 1))));
    }
    return line.size();
  });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view bytes(data, size * count);
  return guarded(transfer, 0, [&] {
    long status = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
    if (transfer.exchange.sink && status >= 200 && status < 300) {
      (*transfer.exchange.sink)(bytes);
      transfer.response.delivered += bytes.size();
    } else {
      if (transfer.response.body.size() + bytes.size() > transfer.max_kept_body)
        throw TransportError(
            "S3: the answer is larger than " + std::to_string(transfer.max_kept_body) + " bytes",
            false, 0);
      transfer.response.body.append(bytes);
    }
    return bytes.size();
  });
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const BodyWindow& body = transfer.exchange.body;
  const std::uint64_t left = body.size - transfer.sent;
  if (left == 0) return 0;
  return guarded(transfer, CURL_READFUNC_ABORT, [&] {
    const std::size_t wanted = std::min<std::uint64_t>(size * count, left);
    const std::size_t n = body.source->read(body.offset + transfer.sent, {buffer, wanted});
    transfer.sent += n;
    return n;
  });
}

// libcurl rewinds the body when it sends the request again on a fresh connection.
int on_seek(void* user, curl_off_t offset, int origin) {
  auto& transfer = *static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 ||
      static_cast<std::uint64_t>(offset) > transfer.exchange.body.size)
    return CURL_SEEKFUNC_CANTSEEK;
  transfer.sent = static_cast<std::uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

HeaderList header_list(const Fields& headers, bool expect_continue) {
  HeaderList list;
  auto append = [&](const std::string& line) {
    curl_slist* longer = curl_slist_append(list.get(), line.c_str());
    if (!longer) throw std::bad_alloc();
    list.release();
    list.reset(longer);
  };
  for (const auto& [name, value] : headers) append(name + ": " + value);
  if (!expect_continue) append("Expect:");  // an empty value: libcurl sends none
  return list;
}

void set_method(CURL* c, Transfer& transfer) {
  const std::string& method = transfer.exchange.method;
  if (method == "HEAD") {
    check(curl_easy_setopt(c, CURLOPT_NOBODY, 1L));
  } else if (method == "PUT" || method == "POST") {
    // An upload, with Content-Length (0 without a body): S3 wants one on every PUT and POST.
    check(curl_easy_setopt(c, CURLOPT_UPLOAD, 1L));
    check(curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                           static_cast<curl_off_t>(transfer.exchange.body.size)));
    check(curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read));
    check(curl_easy_setopt(c, CURLOPT_READDATA, &transfer));
    check(curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, on_seek));
    check(curl_easy_setopt(c, CURLOPT_SEEKDATA, &transfer));
    if (method == "POST") check(curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "POST"));
  } else if (method != "GET") {
    check(curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str()));
  }
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [n, value] : headers)
    if (n == name) found = &value;
  return found;
}

void Transport::Cleanup::operator()(void* curl) const noexcept {
  curl_easy_cleanup(curl);
}

Transport::Transport(TransportOptions options) : options_(options) {
  init_curl_once();
}

Transport::~Transport() = default;

Transport::Handle Transport::acquire() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      Handle handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  Handle handle(curl_easy_init());
  if (!handle) throw TransportError("libcurl: no memory for a handle", false, 0);
  return handle;
}

void Transport::release(Handle handle) noexcept {
  const std::lock_guard lock(mutex_);
  if (idle_.size() < options_.max_idle_handles) {
    try {
      idle_.push_back(std::move(handle));
    } catch (const std::bad_alloc&) {
      // the handle is closed instead of kept
    }
  }
}

struct Transport::Lease {
  Transport& owner;
  Handle handle;
  ~Lease() { owner.release(std::move(handle)); }
};

HttpResponse Transport::perform(const Exchange& exchange) {
  Lease lease{*this, acquire()};
  CURL* c = lease.handle.get();
  curl_easy_reset(c);  // the options of the last exchange; its open connections stay
  Transfer transfer{exchange, c, options_.max_kept_body};
  const HeaderList headers =
      header_list(exchange.request.headers, exchange.body.size >= expect_continue_from);
  char error[CURL_ERROR_SIZE] = {};

  check(curl_easy_setopt(c, CURLOPT_URL, exchange.request.url.c_str()));
  check(curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https"));
  check(curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L));  // no SIGALRM: other threads run too
  check(curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error));
  check(curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count())));
  check(
      curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count())));
  check(curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get()));
  check(curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header));
  check(curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer));
  check(curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body));
  check(curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer));
  set_method(c, transfer);

  const CURLcode result = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // `error` ends with this call
  if (transfer.failure) std::rethrow_exception(transfer.failure);
  if (result != CURLE_OK)
    throw TransportError(std::string(error[0] ? error : curl_easy_strerror(result)),
                         is_transient(result), transfer.response.delivered);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace tessera::s3
