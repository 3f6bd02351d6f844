// The client's options: from the S3_* settings, and the values a client refuses.

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "core/settings.hpp"
#include "s3/client.hpp"

namespace tessera::s3 {
namespace {

core::Settings s3_settings() {
  core::Settings settings;
  settings.s3_endpoint = "http://127.0.0.1:7480";
  settings.s3_region = "eu-west-3";
  settings.s3_bucket = "media";
  settings.s3_access_key_id = "key-id";
  settings.s3_secret_access_key = core::Secret("secret");
  return settings;
}

std::string refusal(const ClientOptions& options) {
  try {
    Client client(options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ClientOptions, ComeFromTheS3Settings) {
  const ClientOptions options = client_options(s3_settings());
  EXPECT_EQ(options.endpoint.scheme, "http");
  EXPECT_EQ(options.endpoint.host, "127.0.0.1:7480");
  EXPECT_EQ(options.endpoint.addressing, Addressing::path_style);
  EXPECT_EQ(options.region, "eu-west-3");
  EXPECT_EQ(options.bucket, "media");
  EXPECT_EQ(options.credentials.access_key_id, "key-id");
  EXPECT_EQ(options.credentials.secret_access_key.value(), "secret");
  EXPECT_EQ(options.part_size, 8 * mebibyte);
  EXPECT_EQ(refusal(options), "(accepted)");

  core::Settings hosted = s3_settings();
  hosted.s3_endpoint = "https://s3.amazonaws.com";
  hosted.s3_path_style = false;
  EXPECT_EQ(client_options(hosted).endpoint.addressing, Addressing::virtual_hosted);
}

TEST(ClientOptions, NameEveryMissingSetting) {
  core::Settings settings = s3_settings();
  settings.s3_endpoint.reset();
  settings.s3_secret_access_key.reset();
  try {
    client_options(settings);
    FAIL() << "missing settings were accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "S3: S3_ENDPOINT, S3_SECRET_ACCESS_KEY not set");
  }
  settings = s3_settings();
  settings.s3_endpoint = "ftp://127.0.0.1";
  EXPECT_THROW(client_options(settings), std::invalid_argument);
}

TEST(ClientOptions, OutOfRangeValuesAreRefused) {
  const ClientOptions good = client_options(s3_settings());
  auto with = [&good](auto change) {
    ClientOptions changed = good;
    change(changed);
    return refusal(changed);
  };
  EXPECT_NE(with([](ClientOptions& o) { o.part_size = 5 * mebibyte - 1; }), "(accepted)");
  EXPECT_EQ(with([](ClientOptions& o) { o.part_size = 5 * mebibyte; }), "(accepted)");
  EXPECT_NE(with([](ClientOptions& o) { o.max_attempts = 0; }), "(accepted)");
  EXPECT_NE(with([](ClientOptions& o) { o.list_page_size = 0; }), "(accepted)");
  EXPECT_NE(with([](ClientOptions& o) { o.list_page_size = 1001; }), "(accepted)");
  EXPECT_NE(with([](ClientOptions& o) { o.bucket.clear(); }), "(accepted)");
  EXPECT_NE(with([](ClientOptions& o) { o.region = "Not A Region"; }), "(accepted)");
}

}  // namespace
}  // namespace tessera::s3
