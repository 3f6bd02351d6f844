#include "mail/smtp_client.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace tessera::mail {
namespace {

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using StringList = std::unique_ptr<curl_slist, ListDeleter>;

// curl_global_init is not thread-safe and must run once before any handle is made.
void init_curl_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK)
    throw SmtpError(std::string("libcurl: ") + curl_easy_strerror(result), false);
}

// The rendered message, handed to libcurl a buffer at a time.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Called by libcurl about once a second and on every bit of progress: non-zero aborts.
int check_stop(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

// Options are set once, by code; a refusal means a libcurl built without SMTP or TLS.
void check(CURLcode code) {
  if (code != CURLE_OK)
    throw SmtpError(std::string("libcurl refused an SMTP option: ") + curl_easy_strerror(code),
                    false);
}

std::string without_secret(std::string text, const std::optional<std::string>& secret) {
  if (!secret || secret->empty()) return text;
  for (auto pos = text.find(*secret); pos != std::string::npos; pos = text.find(*secret, pos))
    text.replace(pos, secret->size(), "**********");
  return text;
}

std::string url_of(const SmtpOptions& options) {
  const std::string& host = options.host;
  if (host.empty() || host.find_first_of("/@?#[] \t\r\n") != std::string::npos)
    throw std::invalid_argument("SMTP host '" + host + "' cannot go into a URL");
  const bool ipv6 = host.find(':') != std::string::npos;
  return std::string(options.tls == core::SmtpTls::tls ? "smtps://" : "smtp://") +
         (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(options.port);
}

}  // namespace

SmtpOptions smtp_options(const core::Settings& settings) {
  SmtpOptions options;
  options.host = settings.smtp_host;
  options.port = settings.smtp_port;
  options.user = settings.smtp_user;
  if (settings.smtp_password) options.password = settings.smtp_password->value();
  options.tls = settings.smtp_tls;
  options.timeout = settings.smtp_timeout;
  return options;
}

SmtpClient::SmtpClient(SmtpOptions options)
    : options_(std::move(options)), url_(url_of(options_)) {}

void SmtpClient::send(const EmailMessage& message, std::stop_token stop) const {
  const std::string mime = render_mime(message, core::now(), new_message_id(message.from));
  init_curl_once();
  EasyHandle curl(curl_easy_init());
  if (!curl) throw SmtpError("libcurl: no memory for a handle", false);
  CURL* c = curl.get();

  const std::string mail_from = "<" + message.from + ">";
  StringList recipients(curl_slist_append(nullptr, ("<" + message.to + ">").c_str()));
  if (!recipients) throw SmtpError("libcurl: no memory for the recipient list", false);
  Upload upload{mime};
  char error[CURL_ERROR_SIZE] = {};
  const long timeout_ms = static_cast<long>(options_.timeout.count());

  check(curl_easy_setopt(c, CURLOPT_URL, url_.c_str()));
  check(curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps"));
  check(curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L));  // no SIGALRM: other threads run too
  check(curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error));
  check(curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms));
  if (options_.tls == core::SmtpTls::starttls)
    check(curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL)));
  if (options_.user) {
    check(curl_easy_setopt(c, CURLOPT_USERNAME, options_.user->c_str()));
    if (options_.password) check(curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password->c_str()));
  }
  check(curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str()));
  check(curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get()));
  check(curl_easy_setopt(c, CURLOPT_UPLOAD, 1L));
  check(curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload));
  check(curl_easy_setopt(c, CURLOPT_READDATA, &upload));
  check(curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L));
  check(curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_stop));
  check(curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop));

  const CURLcode result = curl_easy_perform(c);
  if (result == CURLE_OK) return;
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  std::string what = "SMTP " + options_.host + ":" + std::to_string(options_.port) + ": " +
                     (error[0] ? error : curl_easy_strerror(result));
  if (result == CURLE_ABORTED_BY_CALLBACK) what += " (the task was asked to stop)";
  if (reply != 0) what += " (reply " + std::to_string(reply) + ")";
  throw SmtpError(without_secret(std::move(what), options_.password), reply >= 500,
                  static_cast<int>(reply));
}

}  // namespace tessera::mail
