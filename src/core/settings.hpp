#pragma once
// The process configuration (API.md, Configuration): read from the environment, then from a
// `.env` file (the environment wins), validated once at start.
//
// Value syntax:
// - An empty value is the same as an unset one (so a `.env.example` with blanks works).
// - Sizes (*_BYTES): a plain number of bytes, or a number with a binary suffix: K/KiB,
//   M/MiB, G/GiB (all powers of 1024; "KB"/"MB" are refused as ambiguous).
// - Durations (HTTP_*_TIMEOUT, SHUTDOWN_GRACE_PERIOD): "500ms", "10s", "5m", "1h", or a plain
//   number of seconds.
// - Enumerations are case-insensitive.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/logging.hpp"
#include "core/secret.hpp"

namespace tessera::core {

enum class SmtpTls { none, starttls, tls };
enum class JwtAlgorithm { HS256, HS384, HS512 };
enum class StorageBackend { local, s3 };
enum class MediaDelivery { proxy, redirect };

std::string_view to_string(SmtpTls tls);             // "none", "starttls", "tls"
std::string_view to_string(JwtAlgorithm algorithm);  // "HS256", "HS384", "HS512"

struct ImageVariantSpec {
  std::string name;
  int longest_side;

  friend bool operator==(const ImageVariantSpec&, const ImageVariantSpec&) = default;
};

// The number of hardware threads, at least 1.
unsigned default_concurrency();

struct Settings {
  // PostgreSQL. DB_USER and DB_NAME are required.
  std::string db_host = "127.0.0.1";
  std::uint16_t db_port = 5432;
  std::string db_user;
  std::optional<Secret> db_pass;
  std::string db_name;

  // Tokens. JWT_SECRET_KEY is required, at least 32 bytes.
  Secret jwt_secret_key;
  JwtAlgorithm jwt_algorithm = JwtAlgorithm::HS256;
  std::chrono::minutes access_token_expire{30};
  std::chrono::days refresh_token_expire{14};

  // Redis.
  std::string redis_host = "127.0.0.1";
  std::uint16_t redis_port = 6379;
  std::optional<Secret> redis_password;
  int redis_db = 0;  // 0..15

  // Outgoing mail.
  std::string smtp_host = "127.0.0.1";
  std::uint16_t smtp_port = 1025;
  std::optional<std::string> smtp_user;
  std::optional<Secret> smtp_password;
  SmtpTls smtp_tls = SmtpTls::none;
  std::string emails_from = "noreply@localhost";

  // Base of links in emails: http:// or https://, without a trailing '/'.
  std::string public_base_url = "http://127.0.0.1:8000";

  // Listener. HTTP_PORT may be 0 (any free port).
  std::string http_host = "127.0.0.1";
  std::uint16_t http_port = 8000;
  unsigned http_threads = default_concurrency();

  std::filesystem::path media_root = "./media";
  std::filesystem::path migrations_dir = "./migrations";

  // Where originals and variants are stored, and how their bytes reach clients. The S3
  // settings are required together when STORAGE_BACKEND is s3.
  StorageBackend storage_backend = StorageBackend::local;
  std::optional<std::string> s3_endpoint;
  std::string s3_region = "us-east-1";
  std::optional<std::string> s3_bucket;
  std::optional<std::string> s3_access_key_id;
  std::optional<Secret> s3_secret_access_key;
  bool s3_path_style = true;
  MediaDelivery media_delivery = MediaDelivery::proxy;
  // Redis Sentinel: "host:port,..." (empty: none) and the master's name.
  std::vector<std::string> redis_sentinels;
  std::string redis_sentinel_master = "mymaster";

  // Images.
  std::uint64_t max_upload_bytes = 20ull << 20;
  std::uint64_t image_max_pixels = 50'000'000;
  int image_min_side = 16;
  std::vector<ImageVariantSpec> image_variants = {{"thumb", 160}, {"medium", 640}, {"large", 1280}};

  // Task queue.
  unsigned worker_concurrency = default_concurrency();
  std::chrono::seconds task_result_ttl{86400};
  // What `tessera worker` consumes by default, and whose depths /metrics reports.
  std::vector<std::string> worker_queues = {"celery"};
  // A worker whose heartbeat is older than 5 intervals is dead: its tasks go back.
  std::chrono::milliseconds worker_heartbeat_interval{std::chrono::seconds{2}};
  // Defaults for tasks whose message does not say (Tessera's own messages may).
  std::chrono::seconds task_time_limit{300};
  int task_max_deliveries = 3;  // deliveries without an outcome before a message is dead
  // The sweep of images left pending or processing with no task to finish them.
  std::chrono::seconds image_sweep_interval{60};
  std::chrono::seconds image_sweep_after{300};
  int task_max_retries = 3;
  std::chrono::milliseconds task_retry_backoff{std::chrono::seconds{1}};
  std::chrono::milliseconds task_retry_backoff_max{std::chrono::minutes{10}};

  // Bootstrap administrator, created at start when both are set.
  std::optional<std::string> first_superuser;
  std::optional<Secret> first_superuser_password;

  LogLevel log_level = LogLevel::info;
  LogFormat log_format = LogFormat::text;

  // Allowed CORS origins ("*" or http(s)://host[:port]).
  std::vector<std::string> cors_origins;
  // Proxies (addresses or CIDRs, validated) whose X-Forwarded-For names the client.
  std::vector<std::string> forwarded_allow_ips;
  // A session unused this long ends (REFRESH_TOKEN_EXPIRE_DAYS bounds it in any case).
  std::chrono::minutes session_idle{7 * 24 * 60};

  // HTTP server limits.
  std::uint64_t http_max_body_bytes = 1ull << 20;  // JSON/form bodies; uploads: max_upload_bytes
  std::uint32_t http_max_header_bytes = 16u << 10;
  std::chrono::milliseconds http_header_timeout{std::chrono::seconds{10}};
  std::chrono::milliseconds http_body_timeout{std::chrono::seconds{60}};
  std::chrono::milliseconds http_idle_timeout{std::chrono::seconds{30}};
  std::chrono::milliseconds shutdown_grace_period{std::chrono::seconds{10}};

  // Accounts: Argon2id cost (libsodium's opslimit and memlimit; the default is OWASP's
  // minimum, about 30 ms here), the CPU pool that runs it, and one-time token lifetimes.
  unsigned long long password_hash_ops = 2;
  std::uint64_t password_hash_memory = 19ull << 20;
  unsigned cpu_threads = default_concurrency();
  // Hashes waiting for a CPU thread, at most; past that a request is refused with 503 at
  // once rather than waiting behind a burst (at the default costs, 64 waiting hashes are
  // about half a second of work for 2 threads).
  unsigned cpu_queue_max = 64;
  std::chrono::hours email_verify_token_expire{48};
  std::chrono::minutes password_reset_token_expire{60};
  std::chrono::milliseconds smtp_timeout{std::chrono::seconds{30}};

  // PostgreSQL pools: one per I/O thread, each at most db_pool_size connections.
  unsigned db_pool_size = 10;
  std::chrono::milliseconds db_pool_timeout{std::chrono::seconds{5}};  // bounded wait, then 503
  std::chrono::milliseconds db_connect_timeout{std::chrono::seconds{5}};
  std::chrono::milliseconds db_statement_timeout{std::chrono::seconds{30}};
};

// Missing or invalid settings. problems() has one line per bad setting, "NAME: problem" (never
// a secret's value), in the settings table's order; what() is them joined by "\n". A .env
// file that cannot be read or parsed is one problem, "<file>[:<line>]: problem", with
// setting() empty.
class SettingsError : public std::runtime_error {
 public:
  SettingsError(std::string setting, const std::string& problem);
  // A message that is not about one setting (the .env file itself).
  explicit SettingsError(const std::string& message);
  // Several bad settings at once: (name, problem) pairs, in order; not empty.
  explicit SettingsError(const std::vector<std::pair<std::string, std::string>>& bad_settings);

  // The bad setting's name (the first one's when there are several).
  const std::string& setting() const noexcept { return setting_; }
  const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  SettingsError(std::vector<std::string> problems, std::string setting);

  std::string setting_;
  std::vector<std::string> problems_;
};

// Lookup of a name: its value, or nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
Environment process_environment();

// Environment values win over the .env file's; a missing .env file is fine.
// Throws SettingsError: the .env file's one problem, or every bad setting.
Settings load_settings(const Environment& env, const std::filesystem::path& dotenv_file);
// Process environment + "./.env".
Settings load_settings();

// Every setting name with its effective value, in a form load_settings accepts back; secrets
// that are set show as Secret::mask, unset optional settings as "".
std::vector<std::pair<std::string, std::string>> describe(const Settings& settings);

}  // namespace tessera::core
