// Each kind of setting value: accepted forms and the messages for rejected ones.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/settings.hpp"

#include "settings_test_support.hpp"

namespace tessera::core {
namespace {

using namespace std::chrono_literals;
using namespace tessera::core::settings_test;
using ::testing::HasSubstr;

TEST(Settings, Ports) {
  const Settings s = load(
      {{"DB_PORT", "6543"}, {"REDIS_PORT", " 1 "}, {"SMTP_PORT", "65535"}, {"HTTP_PORT", "0"}});
  EXPECT_EQ(s.db_port, 6543);
  EXPECT_EQ(s.redis_port, 1);
  EXPECT_EQ(s.smtp_port, 65535);
  EXPECT_EQ(s.http_port, 0);
  EXPECT_EQ(error_for_extra({{"DB_PORT", "abc"}}),
            R"(DB_PORT: invalid port "abc" (expected 1..65535))");
  EXPECT_THAT(error_for_extra({{"REDIS_PORT", "0"}}), HasSubstr("REDIS_PORT: invalid port \"0\""));
  EXPECT_THAT(error_for_extra({{"SMTP_PORT", "65536"}}), HasSubstr("SMTP_PORT: invalid port"));
  EXPECT_THAT(error_for_extra({{"HTTP_PORT", "-1"}}),
              HasSubstr("HTTP_PORT: invalid port \"-1\" (expected 0..65535)"));
  EXPECT_THAT(error_for_extra({{"DB_PORT", "5432x"}}), HasSubstr("DB_PORT: invalid port"));
}

TEST(Settings, Integers) {
  const Settings s = load({{"REDIS_DB", "15"},
                           {"IMAGE_MIN_SIDE", "32"},
                           {"IMAGE_MAX_PIXELS", "100000000"},
                           {"HTTP_THREADS", "3"},
                           {"WORKER_CONCURRENCY", "7"},
                           {"ACCESS_TOKEN_EXPIRE_MINUTES", "15"},
                           {"REFRESH_TOKEN_EXPIRE_DAYS", "30"},
                           {"TASK_RESULT_TTL_SECONDS", "60"}});
  EXPECT_EQ(s.redis_db, 15);
  EXPECT_EQ(s.image_min_side, 32);
  EXPECT_EQ(s.image_max_pixels, 100'000'000u);
  EXPECT_EQ(s.http_threads, 3u);
  EXPECT_EQ(s.worker_concurrency, 7u);
  EXPECT_EQ(s.access_token_expire, 15min);
  EXPECT_EQ(s.refresh_token_expire, std::chrono::days{30});
  EXPECT_EQ(s.task_result_ttl, 60s);
  EXPECT_EQ(error_for_extra({{"REDIS_DB", "16"}}),
            R"(REDIS_DB: invalid value "16" (expected an integer in 0..15))");
  EXPECT_THAT(error_for_extra({{"HTTP_THREADS", "0"}}), HasSubstr("HTTP_THREADS: invalid value"));
  EXPECT_THAT(error_for_extra({{"WORKER_CONCURRENCY", "two"}}),
              HasSubstr("WORKER_CONCURRENCY: invalid value \"two\""));
  EXPECT_THAT(error_for_extra({{"ACCESS_TOKEN_EXPIRE_MINUTES", "1.5"}}),
              HasSubstr("ACCESS_TOKEN_EXPIRE_MINUTES: invalid value"));
  EXPECT_THAT(error_for_extra({{"IMAGE_MAX_PIXELS", "99999999999999999999999"}}),
              HasSubstr("IMAGE_MAX_PIXELS: invalid value"));
  EXPECT_THAT(error_for_extra({{"IMAGE_MIN_SIDE", "-4"}}), HasSubstr("IMAGE_MIN_SIDE"));
}

TEST(Settings, Sizes) {
  const Settings s = load({{"MAX_UPLOAD_BYTES", "5MiB"},
                           {"HTTP_MAX_BODY_BYTES", "512 KiB"},
                           {"HTTP_MAX_HEADER_BYTES", "8k"}});
  EXPECT_EQ(s.max_upload_bytes, 5u << 20);
  EXPECT_EQ(s.http_max_body_bytes, 512u << 10);
  EXPECT_EQ(s.http_max_header_bytes, 8u << 10);
  EXPECT_EQ(load({{"MAX_UPLOAD_BYTES", "1000"}}).max_upload_bytes, 1000u);
  EXPECT_EQ(load({{"MAX_UPLOAD_BYTES", "1G"}}).max_upload_bytes, 1u << 30);
  EXPECT_EQ(load({{"MAX_UPLOAD_BYTES", "2gib"}}).max_upload_bytes, 2ull << 30);
  EXPECT_EQ(load({{"MAX_UPLOAD_BYTES", "3M"}}).max_upload_bytes, 3u << 20);
  EXPECT_EQ(load({{"MAX_UPLOAD_BYTES", "7B"}}).max_upload_bytes, 7u);
  EXPECT_THAT(error_for_extra({{"MAX_UPLOAD_BYTES", "10MB"}}),
              HasSubstr("MAX_UPLOAD_BYTES: invalid size \"10MB\""));
  EXPECT_THAT(error_for_extra({{"MAX_UPLOAD_BYTES", "lots"}}),
              HasSubstr("MAX_UPLOAD_BYTES: invalid size"));
  EXPECT_THAT(error_for_extra({{"MAX_UPLOAD_BYTES", "0"}}),
              HasSubstr("MAX_UPLOAD_BYTES: size \"0\" out of range"));
  EXPECT_THAT(error_for_extra({{"HTTP_MAX_BODY_BYTES", "18446744073709551615G"}}),
              HasSubstr("HTTP_MAX_BODY_BYTES: size"));
  EXPECT_THAT(error_for_extra({{"HTTP_MAX_HEADER_BYTES", "4G"}}),
              HasSubstr("HTTP_MAX_HEADER_BYTES: size \"4G\" out of range"));
  EXPECT_THAT(error_for_extra({{"HTTP_MAX_HEADER_BYTES", "100"}}),
              HasSubstr("HTTP_MAX_HEADER_BYTES: size \"100\" out of range"));
}

TEST(Settings, Durations) {
  const Settings s = load({{"HTTP_HEADER_TIMEOUT", "500ms"},
                           {"HTTP_BODY_TIMEOUT", "2m"},
                           {"HTTP_IDLE_TIMEOUT", "1h"},
                           {"SHUTDOWN_GRACE_PERIOD", "15"}});
  EXPECT_EQ(s.http_header_timeout, 500ms);
  EXPECT_EQ(s.http_body_timeout, 2min);
  EXPECT_EQ(s.http_idle_timeout, 1h);
  EXPECT_EQ(s.shutdown_grace_period, 15s);
  EXPECT_EQ(load({{"SHUTDOWN_GRACE_PERIOD", "0"}}).shutdown_grace_period, 0s);
  EXPECT_EQ(load({{"HTTP_IDLE_TIMEOUT", "45s"}}).http_idle_timeout, 45s);
  EXPECT_EQ(load({{"HTTP_IDLE_TIMEOUT", " 3 S "}}).http_idle_timeout, 3s);
  EXPECT_THAT(error_for_extra({{"HTTP_IDLE_TIMEOUT", "soon"}}),
              HasSubstr("HTTP_IDLE_TIMEOUT: invalid duration \"soon\""));
  EXPECT_THAT(error_for_extra({{"HTTP_IDLE_TIMEOUT", "1.5s"}}),
              HasSubstr("HTTP_IDLE_TIMEOUT: invalid duration"));
  EXPECT_THAT(error_for_extra({{"HTTP_IDLE_TIMEOUT", "-1s"}}),
              HasSubstr("HTTP_IDLE_TIMEOUT: invalid duration"));
  EXPECT_THAT(error_for_extra({{"HTTP_HEADER_TIMEOUT", "0"}}),
              HasSubstr("HTTP_HEADER_TIMEOUT: duration \"0\" out of range (expected 1ms..24h)"));
  EXPECT_THAT(error_for_extra({{"HTTP_BODY_TIMEOUT", "99999999999999999h"}}),
              HasSubstr("HTTP_BODY_TIMEOUT: duration"));
}

TEST(Settings, Enumerations) {
  const Settings s = load({{"JWT_ALGORITHM", "HS512"},
                           {"SMTP_TLS", "STARTTLS"},
                           {"LOG_LEVEL", "Debug"},
                           {"LOG_FORMAT", "json"}});
  EXPECT_EQ(s.jwt_algorithm, JwtAlgorithm::HS512);
  EXPECT_EQ(s.smtp_tls, SmtpTls::starttls);
  EXPECT_EQ(s.log_level, LogLevel::debug);
  EXPECT_EQ(s.log_format, LogFormat::json);
  EXPECT_EQ(load({{"JWT_ALGORITHM", "hs384"}}).jwt_algorithm, JwtAlgorithm::HS384);
  EXPECT_EQ(load({{"SMTP_TLS", "tls"}}).smtp_tls, SmtpTls::tls);
  EXPECT_EQ(load({{"LOG_LEVEL", "warn"}}).log_level, LogLevel::warning);
  EXPECT_EQ(load({{"LOG_LEVEL", "WARNING"}}).log_level, LogLevel::warning);
  EXPECT_EQ(load({{"LOG_LEVEL", "error"}}).log_level, LogLevel::error);
  EXPECT_EQ(error_for_extra({{"JWT_ALGORITHM", "RS256"}}),
            R"(JWT_ALGORITHM: invalid value "RS256" (expected one of HS256, HS384, HS512))");
  EXPECT_THAT(error_for_extra({{"JWT_ALGORITHM", "none"}}), HasSubstr("JWT_ALGORITHM"));
  EXPECT_THAT(error_for_extra({{"SMTP_TLS", "ssl"}}),
              HasSubstr("SMTP_TLS: invalid value \"ssl\" (expected one of none, starttls, tls)"));
  EXPECT_THAT(error_for_extra({{"LOG_LEVEL", "critical"}}), HasSubstr("LOG_LEVEL: invalid value"));
  EXPECT_THAT(error_for_extra({{"LOG_FORMAT", "xml"}}), HasSubstr("LOG_FORMAT: invalid value"));
}

TEST(Settings, EnumNames) {
  EXPECT_EQ(to_string(JwtAlgorithm::HS384), "HS384");
  EXPECT_EQ(to_string(SmtpTls::starttls), "starttls");
  EXPECT_EQ(to_string(LogLevel::warning), "warn");
  EXPECT_EQ(to_string(LogFormat::json), "json");
}

TEST(Settings, PublicBaseUrl) {
  EXPECT_EQ(load({{"PUBLIC_BASE_URL", "https://example.com/"}}).public_base_url,
            "https://example.com");
  EXPECT_EQ(load({{"PUBLIC_BASE_URL", "http://host:8080/app//"}}).public_base_url,
            "http://host:8080/app");
  EXPECT_THAT(error_for_extra({{"PUBLIC_BASE_URL", "ftp://example.com"}}),
              HasSubstr("PUBLIC_BASE_URL: invalid URL \"ftp://example.com\""));
  EXPECT_THAT(error_for_extra({{"PUBLIC_BASE_URL", "example.com"}}),
              HasSubstr("PUBLIC_BASE_URL: invalid URL"));
  EXPECT_THAT(error_for_extra({{"PUBLIC_BASE_URL", "https://"}}), HasSubstr("PUBLIC_BASE_URL"));
  EXPECT_THAT(error_for_extra({{"PUBLIC_BASE_URL", "https://a b"}}), HasSubstr("PUBLIC_BASE_URL"));
}

TEST(Settings, ImageVariants) {
  const Settings s = load({{"IMAGE_VARIANTS", " small:100 , big-2:2000,"}});
  EXPECT_EQ(s.image_variants, (std::vector<ImageVariantSpec>{{"small", 100}, {"big-2", 2000}}));
  EXPECT_EQ(load({{"IMAGE_VARIANTS", "a_1:10000"}}).image_variants,
            (std::vector<ImageVariantSpec>{{"a_1", 10000}}));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "thumb"}}),
              HasSubstr("IMAGE_VARIANTS: invalid entry \"thumb\" (expected name:longest_side"));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "Thumb:160"}}),
              HasSubstr("IMAGE_VARIANTS: invalid variant name \"Thumb\""));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", ":160"}}),
              HasSubstr("IMAGE_VARIANTS: invalid variant name \"\""));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "original:100"}}),
              HasSubstr("IMAGE_VARIANTS: variant name \"original\" is reserved"));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "a:1,b:2,a:3"}}),
              HasSubstr("IMAGE_VARIANTS: duplicate variant name \"a\""));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "a:0"}}),
              HasSubstr("IMAGE_VARIANTS: invalid longest side \"0\" for \"a\" (expected 1..10000"));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "a:10001"}}), HasSubstr("invalid longest side"));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", "a:big"}}), HasSubstr("invalid longest side"));
  EXPECT_THAT(error_for_extra({{"IMAGE_VARIANTS", " , ,"}}),
              HasSubstr("IMAGE_VARIANTS: no variant given"));
}

TEST(Settings, CorsOrigins) {
  const Settings s =
      load({{"CORS_ORIGINS", " http://localhost:5173 ,,https://app.example.com/ , *"}});
  EXPECT_EQ(s.cors_origins,
            (std::vector<std::string>{"http://localhost:5173", "https://app.example.com", "*"}));
  EXPECT_THAT(error_for_extra({{"CORS_ORIGINS", "http://ok,localhost:3000"}}),
              HasSubstr("CORS_ORIGINS: invalid origin \"localhost:3000\""));
}

}  // namespace
}  // namespace tessera::core
