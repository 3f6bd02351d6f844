#include "core/settings.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "settings_test_support.hpp"

namespace tessera::core {
namespace {

using namespace std::chrono_literals;
using namespace tessera::core::settings_test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A .env file in a fresh directory, removed with the object.
class TempDotenv {
 public:
  explicit TempDotenv(std::string_view text) {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("tessera-settings-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    std::ofstream(path(), std::ios::binary) << text;
  }
  ~TempDotenv() { std::filesystem::remove_all(dir_); }
  TempDotenv(const TempDotenv&) = delete;
  TempDotenv& operator=(const TempDotenv&) = delete;
  std::filesystem::path path() const { return dir_ / ".env"; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

TEST(Settings, DefaultsMatchTheContract) {
  const Settings s = load({});
  EXPECT_EQ(s.db_host, "127.0.0.1");
  EXPECT_EQ(s.db_port, 5432);
  EXPECT_EQ(s.db_user, "app");
  EXPECT_FALSE(s.db_pass);
  EXPECT_EQ(s.db_name, "tessera");
  EXPECT_EQ(s.jwt_secret_key.value(), key32);
  EXPECT_EQ(s.jwt_algorithm, JwtAlgorithm::HS256);
  EXPECT_EQ(s.access_token_expire, 30min);
  EXPECT_EQ(s.refresh_token_expire, std::chrono::days{14});
  EXPECT_EQ(s.redis_host, "127.0.0.1");
  EXPECT_EQ(s.redis_port, 6379);
  EXPECT_FALSE(s.redis_password);
  EXPECT_EQ(s.redis_db, 0);
  EXPECT_EQ(s.smtp_host, "127.0.0.1");
  EXPECT_EQ(s.smtp_port, 1025);
  EXPECT_FALSE(s.smtp_user);
  EXPECT_FALSE(s.smtp_password);
  EXPECT_EQ(s.smtp_tls, SmtpTls::none);
  EXPECT_EQ(s.emails_from, "noreply@localhost");
  EXPECT_EQ(s.public_base_url, "http://127.0.0.1:8000");
  EXPECT_EQ(s.http_host, "127.0.0.1");
  EXPECT_EQ(s.http_port, 8000);
  EXPECT_EQ(s.http_threads, default_concurrency());
  EXPECT_GE(s.http_threads, 1u);
  EXPECT_EQ(s.media_root, "./media");
  EXPECT_EQ(s.migrations_dir, "./migrations");
  EXPECT_EQ(s.max_upload_bytes, 20u * 1024 * 1024);
  EXPECT_EQ(s.image_max_pixels, 50'000'000u);
  EXPECT_EQ(s.image_min_side, 16);
  EXPECT_EQ(s.image_variants,
            (std::vector<ImageVariantSpec>{{"thumb", 160}, {"medium", 640}, {"large", 1280}}));
  EXPECT_EQ(s.worker_concurrency, default_concurrency());
  EXPECT_EQ(s.task_result_ttl, 86400s);
  EXPECT_FALSE(s.first_superuser);
  EXPECT_FALSE(s.first_superuser_password);
  EXPECT_EQ(s.log_level, LogLevel::info);
  EXPECT_EQ(s.log_format, LogFormat::text);
  EXPECT_TRUE(s.cors_origins.empty());
  EXPECT_EQ(s.http_max_body_bytes, 1024u * 1024);
  EXPECT_EQ(s.http_max_header_bytes, 16u * 1024);
  EXPECT_EQ(s.http_header_timeout, 10s);
  EXPECT_EQ(s.http_body_timeout, 60s);
  EXPECT_EQ(s.http_idle_timeout, 30s);
  EXPECT_EQ(s.shutdown_grace_period, 10s);
  EXPECT_EQ(s.worker_queues, std::vector<std::string>{"celery"});
  EXPECT_EQ(s.worker_heartbeat_interval, 2s);
  EXPECT_EQ(s.task_time_limit, 300s);
  EXPECT_EQ(s.task_max_retries, 3);
  EXPECT_EQ(s.task_retry_backoff, 1s);
  EXPECT_EQ(s.task_retry_backoff_max, 600s);
  EXPECT_EQ(s.password_hash_ops, 2u);
  EXPECT_EQ(s.password_hash_memory, 19u << 20);
  EXPECT_EQ(s.email_verify_token_expire, std::chrono::hours(48));
  EXPECT_EQ(s.password_reset_token_expire, std::chrono::minutes(60));
  EXPECT_EQ(s.smtp_timeout, 30s);
}

TEST(Settings, WorkerQueuesAreAListOfNames) {
  EXPECT_EQ(load({{"WORKER_QUEUES", " images, emails ,"}}).worker_queues,
            (std::vector<std::string>{"images", "emails"}));
  EXPECT_EQ(error_for_extra({{"WORKER_QUEUES", "a,b c"}}),
            "WORKER_QUEUES: invalid queue name \"b c\" (expected no blanks or control characters)");
  EXPECT_EQ(error_for_extra({{"WORKER_QUEUES", ",,"}}),
            "WORKER_QUEUES: expected at least one queue name");
}

TEST(Settings, StringsAndSecretsAreRead) {
  const Settings s = load({{"DB_HOST", "db.internal"},
                           {"DB_PASS", "pg pass"},
                           {"REDIS_PASSWORD", "r"},
                           {"SMTP_USER", "mailer"},
                           {"SMTP_PASSWORD", "m"},
                           {"EMAILS_FROM", "Tessera <no-reply@example.com>"},
                           {"FIRST_SUPERUSER", "admin@example.com"},
                           {"FIRST_SUPERUSER_PASSWORD", "changethis"},
                           {"MEDIA_ROOT", "/var/lib/tessera/media"},
                           {"MIGRATIONS_DIR", "db/migrations"}});
  EXPECT_EQ(s.db_host, "db.internal");
  ASSERT_TRUE(s.db_pass);
  EXPECT_EQ(s.db_pass->value(), "pg pass");
  EXPECT_EQ(s.redis_password->value(), "r");
  EXPECT_EQ(s.smtp_user, "mailer");
  EXPECT_EQ(s.smtp_password->value(), "m");
  EXPECT_EQ(s.emails_from, "Tessera <no-reply@example.com>");
  EXPECT_EQ(s.first_superuser, "admin@example.com");
  EXPECT_EQ(s.first_superuser_password->value(), "changethis");
  EXPECT_EQ(s.media_root, "/var/lib/tessera/media");
  EXPECT_EQ(s.migrations_dir, "db/migrations");
}

TEST(Settings, EmptyValueMeansUnset) {
  const Settings s = load({{"DB_PORT", ""}, {"DB_PASS", ""}, {"CORS_ORIGINS", ""}});
  EXPECT_EQ(s.db_port, 5432);
  EXPECT_FALSE(s.db_pass);
  EXPECT_TRUE(s.cors_origins.empty());
}

TEST(Settings, MissingRequiredSettingIsNamed) {
  EXPECT_EQ(error_for({{"DB_USER", "u"}, {"DB_NAME", "n"}}),
            "JWT_SECRET_KEY: required setting is missing");
  EXPECT_EQ(error_for({{"DB_NAME", "n"}, {"JWT_SECRET_KEY", key32}}),
            "DB_USER: required setting is missing");
  EXPECT_EQ(error_for({{"DB_USER", "u"}, {"JWT_SECRET_KEY", key32}}),
            "DB_NAME: required setting is missing");
  EXPECT_EQ(error_for_extra({{"DB_NAME", ""}}), "DB_NAME: required setting is empty");
  EXPECT_EQ(problems_for({}),
            (std::vector<std::string>{"DB_USER: required setting is missing",
                                      "DB_NAME: required setting is missing",
                                      "JWT_SECRET_KEY: required setting is missing"}));
}

TEST(Settings, ErrorCarriesTheSettingName) {
  try {
    load({{"REDIS_DB", "x"}});
    FAIL() << "no error";
  } catch (const SettingsError& e) {
    EXPECT_EQ(e.setting(), "REDIS_DB");
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0], e.what());
  }
}

// Every bad setting at once, in the table's order (not the environment's), each named.
TEST(Settings, EveryBadSettingIsReportedInOrder) {
  try {
    load({{"CORS_ORIGINS", "ftp://x"}, {"HTTP_PORT", "notaport"}, {"REDIS_DB", "16"}});
    FAIL() << "no error";
  } catch (const SettingsError& e) {
    ASSERT_EQ(e.problems().size(), 3u) << e.what();
    EXPECT_THAT(e.problems()[0], StartsWith("REDIS_DB: invalid value \"16\""));
    EXPECT_THAT(e.problems()[1], StartsWith("HTTP_PORT: invalid port \"notaport\""));
    EXPECT_THAT(e.problems()[2], StartsWith("CORS_ORIGINS: invalid origin \"ftp://x\""));
    EXPECT_EQ(std::string(e.what()),
              e.problems()[0] + "\n" + e.problems()[1] + "\n" + e.problems()[2]);
    EXPECT_EQ(e.setting(), "REDIS_DB");
  }
}

TEST(Settings, MissingAndInvalidSettingsAreReportedTogether) {
  const auto problems =
      problems_for({{"DB_USER", "u"}, {"JWT_SECRET_KEY", "tooshort10"}, {"LOG_FORMAT", "xml"}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "DB_NAME: required setting is missing");
  EXPECT_EQ(problems[1], "JWT_SECRET_KEY: must be at least 32 bytes (got 10)");
  EXPECT_THAT(problems[2], StartsWith("LOG_FORMAT: invalid value \"xml\""));
  for (const auto& problem : problems) EXPECT_THAT(problem, Not(HasSubstr("tooshort10")));
}

TEST(Settings, StorageSettingsHaveTheContractsDefaults) {
  const Settings s = load({});
  EXPECT_EQ(s.storage_backend, StorageBackend::local);
  EXPECT_EQ(s.media_delivery, MediaDelivery::proxy);
  EXPECT_EQ(s.s3_region, "us-east-1");
  EXPECT_TRUE(s.s3_path_style);
  EXPECT_FALSE(s.s3_endpoint);
  EXPECT_TRUE(s.redis_sentinels.empty());
  EXPECT_EQ(s.redis_sentinel_master, "mymaster");
  EXPECT_FALSE(load({{"S3_PATH_STYLE", "False"}}).s3_path_style);
  EXPECT_THAT(problems_for(with_required({{"S3_PATH_STYLE", "maybe"}})),
              ElementsAre(StartsWith("S3_PATH_STYLE: invalid value \"maybe\"")));
}

// STORAGE_BACKEND=s3 names each S3 setting it lacks; what this build does not have yet is
// refused rather than quietly served from the local disk or the one Redis.
TEST(Settings, WhatTheBuildLacksIsRefusedAtStart) {
  EXPECT_THAT(problems_for(with_required({{"STORAGE_BACKEND", "s3"}, {"S3_BUCKET", "media"}})),
              ElementsAre("S3_ENDPOINT: required when STORAGE_BACKEND is s3",
                          "S3_ACCESS_KEY_ID: required when STORAGE_BACKEND is s3",
                          "S3_SECRET_ACCESS_KEY: required when STORAGE_BACKEND is s3",
                          StartsWith("STORAGE_BACKEND: the s3 backend is not available")));
  EXPECT_THAT(problems_for(with_required({{"MEDIA_DELIVERY", "redirect"}})),
              ElementsAre("MEDIA_DELIVERY: redirect needs STORAGE_BACKEND=s3"));
  EXPECT_THAT(
      problems_for(with_required({{"REDIS_SENTINELS", "127.0.0.1:26379,sentinel-b:26379"}})),
      ElementsAre(StartsWith("REDIS_SENTINELS: Redis Sentinel is not available")));
  EXPECT_THAT(
      problems_for(with_required({{"REDIS_SENTINELS", "127.0.0.1"}, {"STORAGE_BACKEND", "nfs"}})),
      ElementsAre(StartsWith("STORAGE_BACKEND: invalid value \"nfs\""),
                  "REDIS_SENTINELS: invalid address \"127.0.0.1\" (expected host:port)"));
}

TEST(Settings, SingleProblemErrorsHaveOneProblem) {
  const SettingsError named("DB_PORT", "invalid port");
  EXPECT_EQ(named.problems(), std::vector<std::string>{"DB_PORT: invalid port"});
  EXPECT_STREQ(named.what(), "DB_PORT: invalid port");
  EXPECT_EQ(named.setting(), "DB_PORT");
  const SettingsError message("/x/.env: cannot read");
  EXPECT_EQ(message.problems(), std::vector<std::string>{"/x/.env: cannot read"});
  EXPECT_STREQ(message.what(), "/x/.env: cannot read");
  EXPECT_EQ(message.setting(), "");
}

TEST(Settings, ShortJwtKeyIsRejectedWithoutShowingIt) {
  const std::string message = error_for_extra({{"JWT_SECRET_KEY", "tooshort10"}});
  EXPECT_EQ(message, "JWT_SECRET_KEY: must be at least 32 bytes (got 10)");
  EXPECT_THAT(message, Not(HasSubstr("tooshort10")));
  EXPECT_EQ(load({{"JWT_SECRET_KEY", std::string(32, 'k')}}).jwt_secret_key.size(), 32u);
}

TEST(Settings, InvalidValueIsQuotedSafely) {
  const std::string message =
      error_for_extra({{"DB_PORT", std::string("1\n2\"") + std::string(100, 'x')}});
  EXPECT_THAT(message, HasSubstr(R"(DB_PORT: invalid port "1\x0a2\x22xxx)"));
  EXPECT_THAT(message, HasSubstr("...\""));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(Settings, DotenvFileIsRead) {
  const TempDotenv file("# local\nDB_USER=fromfile\nDB_NAME=db\nJWT_SECRET_KEY=\"" + key32 +
                        "\"\nDB_PORT=7777\n");
  const Settings s = load_settings(environment({}), file.path());
  EXPECT_EQ(s.db_user, "fromfile");
  EXPECT_EQ(s.db_port, 7777);
  EXPECT_EQ(s.jwt_secret_key.value(), key32);
}

TEST(Settings, EnvironmentWinsOverDotenv) {
  const TempDotenv file("DB_USER=fromfile\nDB_NAME=db\nJWT_SECRET_KEY=" + key32 +
                        "\nDB_PORT=7777\nREDIS_DB=3\n");
  const Settings s =
      load_settings(environment({{"DB_USER", "fromenv"}, {"REDIS_DB", ""}}), file.path());
  EXPECT_EQ(s.db_user, "fromenv");
  EXPECT_EQ(s.db_port, 7777);
  EXPECT_EQ(s.redis_db, 0);  // set but empty in the environment: the default, not the file's
}

TEST(Settings, MissingDotenvFileIsFine) {
  EXPECT_NO_THROW(load_settings(environment(with_required()), no_file));
}

TEST(Settings, EmptyDotenvFileIsFine) {
  const TempDotenv file("");
  EXPECT_EQ(load_settings(environment(with_required()), file.path()).db_user, "app");
}

TEST(Settings, DotenvPathThatIsADirectoryIsAnError) {
  const TempDotenv file("");
  EXPECT_THAT(error_for(with_required(), file.path().parent_path()), HasSubstr("is a directory"));
}

TEST(Settings, UnknownDotenvNamesAreIgnored) {
  const TempDotenv file("POSTGRES_PASSWORD=x\nCOMPOSE_PROJECT_NAME=y\n");
  EXPECT_NO_THROW(load_settings(environment(with_required()), file.path()));
}

TEST(Settings, DotenvSyntaxErrorNamesFileAndLine) {
  const TempDotenv file("DB_USER=a\n\nJWT_SECRET_KEY=\"unterminated-secret-value\n");
  const std::string message = error_for(with_required(), file.path());
  EXPECT_EQ(message, file.path().string() + ":3: unterminated double-quoted value");
  EXPECT_THAT(message, Not(HasSubstr("unterminated-secret")));
}

// A broken .env file is the one problem: no setting is looked at.
TEST(Settings, DotenvErrorIsTheOnlyProblem) {
  const TempDotenv file("DB_USER=\"unterminated\n");
  try {
    load_settings(environment({{"DB_PORT", "nope"}, {"REDIS_DB", "99"}}), file.path());
    FAIL() << "no error";
  } catch (const SettingsError& e) {
    EXPECT_EQ(e.problems(), std::vector<std::string>{file.path().string() +
                                                     ":1: unterminated double-quoted value"});
    EXPECT_EQ(e.setting(), "");
  }
}

TEST(Settings, InvalidValueInDotenvIsNamed) {
  const TempDotenv file("DB_PORT=nope\n");
  EXPECT_THAT(error_for(with_required(), file.path()), HasSubstr("DB_PORT: invalid port \"nope\""));
  const auto both = problems_for(with_required({{"REDIS_PORT", "x"}}), file.path());
  ASSERT_EQ(both.size(), 2u);
  EXPECT_THAT(both[0], StartsWith("DB_PORT: invalid port \"nope\""));
  EXPECT_THAT(both[1], StartsWith("REDIS_PORT: invalid port \"x\""));
}

TEST(Settings, ProcessEnvironmentReadsGetenv) {
  ::setenv("TESSERA_TEST_SETTING", "value", 1);
  const auto env = process_environment();
  EXPECT_EQ(env("TESSERA_TEST_SETTING"), "value");
  ::unsetenv("TESSERA_TEST_SETTING");
  EXPECT_EQ(env("TESSERA_TEST_SETTING"), std::nullopt);
}

TEST(Settings, DescribeListsEverySettingWithSecretsMasked) {
  const Settings s = load({{"DB_PASS", "db-secret-1"},
                           {"REDIS_PASSWORD", "redis-secret-2"},
                           {"SMTP_PASSWORD", "smtp-secret-3"},
                           {"FIRST_SUPERUSER_PASSWORD", "admin-secret-4"},
                           {"S3_SECRET_ACCESS_KEY", "s3-secret-5"}});
  const auto described = describe(s);
  std::map<std::string, std::string> by_name(described.begin(), described.end());
  EXPECT_EQ(by_name.size(), described.size()) << "duplicate names";
  for (const auto* name : {"DB_HOST",
                           "DB_PORT",
                           "DB_USER",
                           "DB_PASS",
                           "DB_NAME",
                           "JWT_SECRET_KEY",
                           "JWT_ALGORITHM",
                           "ACCESS_TOKEN_EXPIRE_MINUTES",
                           "REFRESH_TOKEN_EXPIRE_DAYS",
                           "REDIS_HOST",
                           "REDIS_PORT",
                           "REDIS_PASSWORD",
                           "REDIS_DB",
                           "SMTP_HOST",
                           "SMTP_PORT",
                           "SMTP_USER",
                           "SMTP_PASSWORD",
                           "SMTP_TLS",
                           "EMAILS_FROM",
                           "PUBLIC_BASE_URL",
                           "HTTP_HOST",
                           "HTTP_PORT",
                           "HTTP_THREADS",
                           "MEDIA_ROOT",
                           "MIGRATIONS_DIR",
                           "MAX_UPLOAD_BYTES",
                           "IMAGE_MAX_PIXELS",
                           "IMAGE_MIN_SIDE",
                           "IMAGE_VARIANTS",
                           "WORKER_CONCURRENCY",
                           "TASK_RESULT_TTL_SECONDS",
                           "FIRST_SUPERUSER",
                           "FIRST_SUPERUSER_PASSWORD",
                           "LOG_LEVEL",
                           "LOG_FORMAT",
                           "CORS_ORIGINS",
                           "FORWARDED_ALLOW_IPS",
                           "SESSION_IDLE_MINUTES",
                           "HTTP_MAX_BODY_BYTES",
                           "HTTP_MAX_HEADER_BYTES",
                           "HTTP_HEADER_TIMEOUT",
                           "HTTP_BODY_TIMEOUT",
                           "HTTP_IDLE_TIMEOUT",
                           "SHUTDOWN_GRACE_PERIOD",
                           "STORAGE_BACKEND",
                           "S3_ENDPOINT",
                           "S3_REGION",
                           "S3_BUCKET",
                           "S3_ACCESS_KEY_ID",
                           "S3_SECRET_ACCESS_KEY",
                           "S3_PATH_STYLE",
                           "MEDIA_DELIVERY",
                           "REDIS_SENTINELS",
                           "REDIS_SENTINEL_MASTER"})
    EXPECT_TRUE(by_name.contains(name)) << name;
  EXPECT_EQ(by_name.size(), 74u);
  for (const auto* name : {"DB_PASS", "REDIS_PASSWORD", "SMTP_PASSWORD", "FIRST_SUPERUSER_PASSWORD",
                           "JWT_SECRET_KEY", "S3_SECRET_ACCESS_KEY"})
    EXPECT_EQ(by_name[name], "**********") << name;
  for (const auto& [name, value] : described) {
    EXPECT_THAT(value, Not(HasSubstr("secret-"))) << name;
    EXPECT_THAT(value, Not(HasSubstr(key32))) << name;
  }
  EXPECT_EQ(by_name["DB_PORT"], "5432");
  EXPECT_EQ(by_name["MAX_UPLOAD_BYTES"], "20MiB");
  EXPECT_EQ(by_name["HTTP_IDLE_TIMEOUT"], "30s");
  EXPECT_EQ(by_name["IMAGE_VARIANTS"], "thumb:160,medium:640,large:1280");
  EXPECT_EQ(by_name["ACCESS_TOKEN_EXPIRE_MINUTES"], "30");
  EXPECT_EQ(by_name["LOG_LEVEL"], "info");
  EXPECT_EQ(by_name["SMTP_USER"], "");
}

TEST(Settings, DescribeUnsetSecretIsEmpty) {
  const auto described = describe(load({}));
  const std::map<std::string, std::string> by_name(described.begin(), described.end());
  EXPECT_EQ(by_name.at("DB_PASS"), "");
  EXPECT_EQ(by_name.at("JWT_SECRET_KEY"), "**********");
}

// describe() output, fed back (with the real secrets), gives the same settings.
TEST(Settings, DescribeRoundTrips) {
  const Vars input{{"DB_PORT", "1"},
                   {"MAX_UPLOAD_BYTES", "1234567"},
                   {"HTTP_MAX_BODY_BYTES", "3KiB"},
                   {"HTTP_HEADER_TIMEOUT", "1500ms"},
                   {"HTTP_IDLE_TIMEOUT", "120s"},
                   {"LOG_LEVEL", "warn"},
                   {"SMTP_TLS", "tls"},
                   {"CORS_ORIGINS", "http://a,http://b"},
                   {"IMAGE_VARIANTS", "x:1,y:2"},
                   {"MEDIA_ROOT", "/m"}};
  const Settings first = load(input);
  Vars again = with_required();
  for (const auto& [name, value] : describe(first))
    if (value != "**********" && !value.empty()) again[name] = value;
  const Settings second = load_settings(environment(again), no_file);
  EXPECT_EQ(describe(first), describe(second));
  EXPECT_EQ(second.http_header_timeout, 1500ms);
  EXPECT_EQ(second.http_idle_timeout, 2min);
  EXPECT_EQ(second.log_level, LogLevel::warning);
}

TEST(Secret, NeverPrinted) {
  const Secret secret("s3cr3t");
  std::ostringstream out;
  out << secret;
  EXPECT_EQ(out.str(), "**********");
  EXPECT_EQ(fmt::format("{}", secret), "**********");
  EXPECT_EQ(fmt::format("[{:>12}]", secret), "[  **********]");
  EXPECT_EQ(secret.value(), "s3cr3t");
  EXPECT_EQ(::testing::PrintToString(secret), "**********");
}

}  // namespace
}  // namespace tessera::core
