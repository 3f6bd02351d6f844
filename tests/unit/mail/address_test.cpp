#include "mail/address.hpp"

#include <string>

#include <gtest/gtest.h>

namespace tessera::mail {
namespace {

TEST(Address, AcceptsOrdinaryAndLocalAddresses) {
  for (const std::string good :
       {"alice@example.com", "noreply@localhost", "a.b+tag@sub.example.org", "o'brien@example.ie",
        "josé@bücher.example"})
    EXPECT_TRUE(is_plausible_address(good)) << good;
}

TEST(Address, RefusesWhatCouldCarryAnotherAddressOrHeader) {
  for (const std::string bad : {
           "",
           "alice",
           "@example.com",
           "alice@",
           "a@b@c",
           "alice@.example.com",
           "alice@example.com.",
           "alice@example..com",
           "alice @example.com",
           "alice@example.com\r\nBcc: x@y",
           "Alice <alice@example.com>",
           "alice@example.com,bob@example.com",
           "alice@example.com;",
           "\"alice\"@example.com",
           "alice@[127.0.0.1]",
       })
    EXPECT_FALSE(is_plausible_address(bad)) << bad;
  EXPECT_FALSE(is_plausible_address(std::string("a\0b@example.com", 15)));
  EXPECT_FALSE(is_plausible_address(std::string(250, 'a') + "@b.co"));  // 255 bytes
  EXPECT_TRUE(is_plausible_address(std::string(249, 'a') + "@b.co"));   // 254
}

}  // namespace
}  // namespace tessera::mail
