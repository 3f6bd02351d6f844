#include "core/settings.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include "core/dotenv.hpp"
#include "core/setting_codecs.hpp"
#include "core/text.hpp"

namespace tessera::core {
namespace {

using namespace settings_detail;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::array<std::pair<std::string_view, JwtAlgorithm>, 3> jwt_algorithms{
    {{"HS256", JwtAlgorithm::HS256},
     {"HS384", JwtAlgorithm::HS384},
     {"HS512", JwtAlgorithm::HS512}}};
constexpr std::array<std::pair<std::string_view, SmtpTls>, 3> smtp_tls_modes{
    {{"none", SmtpTls::none}, {"starttls", SmtpTls::starttls}, {"tls", SmtpTls::tls}}};
constexpr std::array<std::pair<std::string_view, StorageBackend>, 2> storage_backends{
    {{"local", StorageBackend::local}, {"s3", StorageBackend::s3}}};
constexpr std::array<std::pair<std::string_view, MediaDelivery>, 2> media_deliveries{
    {{"proxy", MediaDelivery::proxy}, {"redirect", MediaDelivery::redirect}}};
constexpr std::array<std::pair<std::string_view, LogLevel>, 5> log_levels{
    {{"debug", LogLevel::debug},
     {"info", LogLevel::info},
     {"warning", LogLevel::warning},
     {"warn", LogLevel::warning},
     {"error", LogLevel::error}}};
constexpr std::array<std::pair<std::string_view, LogFormat>, 2> log_formats{
    {{"text", LogFormat::text}, {"json", LogFormat::json}}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, E>, N>& names, E value) {
  for (const auto& [name, candidate] : names)
    if (candidate == value) return name;
  return {};
}

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

enum class Presence { optional, required };

// One setting: its name, whether it must be given, and how to read and show its member.
struct SettingSpec {
  std::string_view name;
  Presence presence;
  std::function<void(Settings&, std::string_view)> parse;
  std::function<std::string(const Settings&)> show;
};

template <typename T, typename Codec>
SettingSpec entry(std::string_view name, T Settings::*member, Codec codec,
                  Presence presence = Presence::optional) {
  return SettingSpec{
      name,
      presence,
      [member, codec](Settings& settings, std::string_view raw) {
        settings.*member = codec.parse(raw);
      },
      [member, codec](const Settings& settings) -> std::string {
        const auto& value = settings.*member;
        if constexpr (IsOptional<T>::value) {
          return value ? codec.show(*value) : std::string();
        } else {
          return codec.show(value);
        }
      },
  };
}

constexpr std::uint64_t kib = 1ull << 10;
constexpr std::uint64_t gib = 1ull << 30;
constexpr std::int64_t max_threads = 1024;
constexpr Presence required = Presence::required;

// In the order of API.md's table; describe() lists them in this order.
const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = {
      entry("DB_HOST", &Settings::db_host, TextCodec{}),
      entry("DB_PORT", &Settings::db_port, PortCodec{}),
      entry("DB_USER", &Settings::db_user, TextCodec{}, required),
      entry("DB_PASS", &Settings::db_pass, SecretCodec{}),
      entry("DB_NAME", &Settings::db_name, TextCodec{}, required),
      entry("JWT_SECRET_KEY", &Settings::jwt_secret_key, SecretCodec{32}, required),
      entry("JWT_ALGORITHM", &Settings::jwt_algorithm, EnumCodec<JwtAlgorithm>{jwt_algorithms}),
      entry("ACCESS_TOKEN_EXPIRE_MINUTES", &Settings::access_token_expire,
            IntegerCodec<minutes>{1, 366LL * 24 * 60}),
      entry("REFRESH_TOKEN_EXPIRE_DAYS", &Settings::refresh_token_expire,
            IntegerCodec<days>{1, 3660}),
      entry("REDIS_HOST", &Settings::redis_host, TextCodec{}),
      entry("REDIS_PORT", &Settings::redis_port, PortCodec{}),
      entry("REDIS_PASSWORD", &Settings::redis_password, SecretCodec{}),
      entry("REDIS_DB", &Settings::redis_db, IntegerCodec<int>{0, 15}),
      entry("SMTP_HOST", &Settings::smtp_host, TextCodec{}),
      entry("SMTP_PORT", &Settings::smtp_port, PortCodec{}),
      entry("SMTP_USER", &Settings::smtp_user, TextCodec{}),
      entry("SMTP_PASSWORD", &Settings::smtp_password, SecretCodec{}),
      entry("SMTP_TLS", &Settings::smtp_tls, EnumCodec<SmtpTls>{smtp_tls_modes}),
      entry("EMAILS_FROM", &Settings::emails_from, TextCodec{}),
      entry("PUBLIC_BASE_URL", &Settings::public_base_url, HttpUrlCodec{}),
      entry("HTTP_HOST", &Settings::http_host, TextCodec{}),
      entry("HTTP_PORT", &Settings::http_port, PortCodec{0}),
      entry("HTTP_THREADS", &Settings::http_threads, IntegerCodec<unsigned>{1, max_threads}),
      entry("MEDIA_ROOT", &Settings::media_root, PathCodec{}),
      entry("MIGRATIONS_DIR", &Settings::migrations_dir, PathCodec{}),
      entry("MAX_UPLOAD_BYTES", &Settings::max_upload_bytes,
            SizeCodec<std::uint64_t>{1, 1024 * gib}),
      entry("IMAGE_MAX_PIXELS", &Settings::image_max_pixels,
            IntegerCodec<std::uint64_t>{1, 1'000'000'000'000}),
      entry("IMAGE_MIN_SIDE", &Settings::image_min_side, IntegerCodec<int>{1, 10000}),
      entry("IMAGE_VARIANTS", &Settings::image_variants, ImageVariantsCodec{}),
      entry("WORKER_CONCURRENCY", &Settings::worker_concurrency,
            IntegerCodec<unsigned>{1, max_threads}),
      entry("TASK_RESULT_TTL_SECONDS", &Settings::task_result_ttl,
            IntegerCodec<seconds>{1, 3660LL * 24 * 3600}),
      entry("FIRST_SUPERUSER", &Settings::first_superuser, TextCodec{}),
      entry("FIRST_SUPERUSER_PASSWORD", &Settings::first_superuser_password, SecretCodec{}),
      entry("LOG_LEVEL", &Settings::log_level, EnumCodec<LogLevel>{log_levels}),
      entry("LOG_FORMAT", &Settings::log_format, EnumCodec<LogFormat>{log_formats}),
      entry("CORS_ORIGINS", &Settings::cors_origins, OriginListCodec{}),
      entry("FORWARDED_ALLOW_IPS", &Settings::forwarded_allow_ips, NetworkListCodec{}),
      entry("SESSION_IDLE_MINUTES", &Settings::session_idle,
            IntegerCodec<minutes>{1, 3660LL * 24 * 60}),
      entry("HTTP_MAX_BODY_BYTES", &Settings::http_max_body_bytes,
            SizeCodec<std::uint64_t>{1, 1024 * gib}),
      entry("HTTP_MAX_HEADER_BYTES", &Settings::http_max_header_bytes,
            SizeCodec<std::uint32_t>{kib, 0xffff'ffff}),
      entry("HTTP_HEADER_TIMEOUT", &Settings::http_header_timeout,
            DurationCodec{milliseconds{1}, hours{24}}),
      entry("HTTP_BODY_TIMEOUT", &Settings::http_body_timeout,
            DurationCodec{milliseconds{1}, hours{24}}),
      entry("HTTP_IDLE_TIMEOUT", &Settings::http_idle_timeout,
            DurationCodec{milliseconds{1}, hours{24}}),
      entry("SHUTDOWN_GRACE_PERIOD", &Settings::shutdown_grace_period,
            DurationCodec{milliseconds{0}, hours{24}}),
      entry("DB_POOL_SIZE", &Settings::db_pool_size, IntegerCodec<unsigned>{1, 1000}),
      entry("DB_POOL_TIMEOUT", &Settings::db_pool_timeout,
            DurationCodec{milliseconds{1}, hours{1}}),
      entry("DB_CONNECT_TIMEOUT", &Settings::db_connect_timeout,
            DurationCodec{milliseconds{1}, hours{1}}),
      entry("DB_STATEMENT_TIMEOUT", &Settings::db_statement_timeout,
            DurationCodec{milliseconds{0}, hours{24}}),
      entry("WORKER_QUEUES", &Settings::worker_queues, QueueListCodec{}),
      entry("WORKER_HEARTBEAT_INTERVAL", &Settings::worker_heartbeat_interval,
            DurationCodec{milliseconds{100}, minutes{10}}),
      entry("TASK_TIME_LIMIT_SECONDS", &Settings::task_time_limit,
            IntegerCodec<seconds>{1, 7LL * 24 * 3600}),
      entry("TASK_MAX_DELIVERIES", &Settings::task_max_deliveries, IntegerCodec<int>{1, 1000}),
      entry("IMAGE_SWEEP_INTERVAL_SECONDS", &Settings::image_sweep_interval,
            IntegerCodec<seconds>{1, 24 * 3600}),
      entry("IMAGE_SWEEP_AFTER_SECONDS", &Settings::image_sweep_after,
            IntegerCodec<seconds>{1, 7LL * 24 * 3600}),
      entry("TASK_MAX_RETRIES", &Settings::task_max_retries, IntegerCodec<int>{0, 1000}),
      entry("TASK_RETRY_BACKOFF", &Settings::task_retry_backoff,
            DurationCodec{milliseconds{0}, hours{24}}),
      entry("TASK_RETRY_BACKOFF_MAX", &Settings::task_retry_backoff_max,
            DurationCodec{milliseconds{0}, hours{24 * 7}}),
      entry("PASSWORD_HASH_OPS", &Settings::password_hash_ops,
            IntegerCodec<unsigned long long>{1, 20}),
      entry("PASSWORD_HASH_MEMORY", &Settings::password_hash_memory,
            SizeCodec<std::uint64_t>{8 * kib, 4 * gib}),
      entry("CPU_THREADS", &Settings::cpu_threads, IntegerCodec<unsigned>{1, max_threads}),
      entry("CPU_QUEUE_MAX", &Settings::cpu_queue_max, IntegerCodec<unsigned>{1, 1'000'000}),
      entry("EMAIL_VERIFY_TOKEN_EXPIRE_HOURS", &Settings::email_verify_token_expire,
            IntegerCodec<hours>{1, 24 * 366}),
      entry("PASSWORD_RESET_TOKEN_EXPIRE_MINUTES", &Settings::password_reset_token_expire,
            IntegerCodec<minutes>{1, 7 * 24 * 60}),
      entry("SMTP_TIMEOUT", &Settings::smtp_timeout, DurationCodec{milliseconds{100}, hours{1}}),
      entry("STORAGE_BACKEND", &Settings::storage_backend,
            EnumCodec<StorageBackend>{storage_backends}),
      entry("S3_ENDPOINT", &Settings::s3_endpoint, HttpUrlCodec{}),
      entry("S3_REGION", &Settings::s3_region, TextCodec{}),
      entry("S3_BUCKET", &Settings::s3_bucket, TextCodec{}),
      entry("S3_ACCESS_KEY_ID", &Settings::s3_access_key_id, TextCodec{}),
      entry("S3_SECRET_ACCESS_KEY", &Settings::s3_secret_access_key, SecretCodec{}),
      entry("S3_PATH_STYLE", &Settings::s3_path_style, BoolCodec{}),
      entry("MEDIA_DELIVERY", &Settings::media_delivery,
            EnumCodec<MediaDelivery>{media_deliveries}),
      entry("REDIS_SENTINELS", &Settings::redis_sentinels, HostPortListCodec{}),
      entry("REDIS_SENTINEL_MASTER", &Settings::redis_sentinel_master, TextCodec{}),
  };
  return specs;
}

// The .env file's entries by name; none when the file does not exist.
std::unordered_map<std::string, std::string> read_dotenv_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  if (std::filesystem::is_directory(file, ec))
    throw SettingsError(file.string() + ": is a directory, not a .env file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SettingsError(file.string() + ": cannot open: " + std::strerror(errno));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw SettingsError(file.string() + ": cannot read");
  try {
    auto entries = parse_dotenv(text);
    return {std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end())};
  } catch (const DotenvError& e) {
    throw SettingsError(file.string() + ":" + std::to_string(e.line()) + ": " + e.problem());
  }
}

// What one setting cannot say alone: the S3 settings needed by STORAGE_BACKEND=s3, and what
// this build does not have yet (the S3 backend, Redis Sentinel): refused at start rather
// than silently served from elsewhere.
void check_together(const Settings& s, std::vector<std::pair<std::string, std::string>>& bad) {
  if (s.storage_backend == StorageBackend::s3) {
    const std::pair<const char*, bool> needed[] = {
        {"S3_ENDPOINT", s.s3_endpoint.has_value()},
        {"S3_BUCKET", s.s3_bucket.has_value()},
        {"S3_ACCESS_KEY_ID", s.s3_access_key_id.has_value()},
        {"S3_SECRET_ACCESS_KEY", s.s3_secret_access_key.has_value()}};
    for (const auto& [name, present] : needed)
      if (!present) bad.emplace_back(name, "required when STORAGE_BACKEND is s3");
    bad.emplace_back("STORAGE_BACKEND",
                     "the s3 backend is not available in this version yet (use local)");
  }
  if (s.media_delivery == MediaDelivery::redirect && s.storage_backend != StorageBackend::s3)
    bad.emplace_back("MEDIA_DELIVERY", "redirect needs STORAGE_BACKEND=s3");
  if (!s.redis_sentinels.empty())
    bad.emplace_back("REDIS_SENTINELS",
                     "Redis Sentinel is not available in this version yet (leave it empty)");
}

// "NAME: problem" for each (name, problem).
std::vector<std::string> problem_lines(
    const std::vector<std::pair<std::string, std::string>>& bad_settings) {
  std::vector<std::string> lines;
  for (const auto& [name, problem] : bad_settings) lines.push_back(name + ": " + problem);
  return lines;
}

}  // namespace

std::string_view to_string(SmtpTls tls) {
  return name_of(smtp_tls_modes, tls);
}

std::string_view to_string(JwtAlgorithm algorithm) {
  return name_of(jwt_algorithms, algorithm);
}

unsigned default_concurrency() {
  return std::max(1u, std::thread::hardware_concurrency());
}

SettingsError::SettingsError(std::string setting, const std::string& problem)
    : SettingsError(std::vector<std::string>{setting + ": " + problem}, setting) {}

SettingsError::SettingsError(const std::string& message)
    : SettingsError(std::vector<std::string>{message}, std::string()) {}

SettingsError::SettingsError(const std::vector<std::pair<std::string, std::string>>& bad_settings)
    : SettingsError(problem_lines(bad_settings),
                    bad_settings.empty() ? std::string() : bad_settings.front().first) {}

SettingsError::SettingsError(std::vector<std::string> problems, std::string setting)
    : std::runtime_error(join(problems, "\n")),
      setting_(std::move(setting)),
      problems_(std::move(problems)) {}

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Settings load_settings(const Environment& env, const std::filesystem::path& dotenv_file) {
  const auto from_file = read_dotenv_file(dotenv_file);
  Settings settings;
  std::vector<std::pair<std::string, std::string>> bad;  // every bad setting, in table order
  for (const auto& spec : setting_specs()) {
    std::optional<std::string> raw = env(spec.name);
    if (!raw) {
      if (const auto it = from_file.find(std::string(spec.name)); it != from_file.end())
        raw = it->second;
    }
    if (!raw || raw->empty()) {
      if (spec.presence == Presence::required)
        bad.emplace_back(spec.name,
                         raw ? "required setting is empty" : "required setting is missing");
      continue;
    }
    try {
      spec.parse(settings, *raw);
    } catch (const InvalidSettingValue& e) {
      bad.emplace_back(spec.name, e.what());
    }
  }
  check_together(settings, bad);
  if (!bad.empty()) throw SettingsError(bad);
  return settings;
}

Settings load_settings() {
  return load_settings(process_environment(), ".env");
}

std::vector<std::pair<std::string, std::string>> describe(const Settings& settings) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& spec : setting_specs()) out.emplace_back(spec.name, spec.show(settings));
  return out;
}

}  // namespace tessera::core
