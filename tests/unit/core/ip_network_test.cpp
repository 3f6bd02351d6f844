#include "core/ip_network.hpp"

#include <string>

#include <gtest/gtest.h>

#include "core/setting_codecs.hpp"

namespace tessera::core {
namespace {

std::vector<IpNetwork> networks(std::initializer_list<const char*> texts) {
  std::vector<IpNetwork> out;
  for (const char* text : texts) out.push_back(parse_ip_network(text).value());
  return out;
}

TEST(IpNetwork, ParsesAddressesAndCidrs) {
  EXPECT_TRUE(parse_ip_network("10.0.0.1"));
  EXPECT_TRUE(parse_ip_network("10.0.0.0/8"));
  EXPECT_TRUE(parse_ip_network("fd00::/8"));
  EXPECT_TRUE(parse_ip_network("::1"));
  EXPECT_FALSE(parse_ip_network("10.0.0.1/8")) << "host bits set";
  EXPECT_FALSE(parse_ip_network("10.0.0.0/33"));
  EXPECT_FALSE(parse_ip_network("10.0.0.0/"));
  EXPECT_FALSE(parse_ip_network("example.com"));
  EXPECT_FALSE(parse_ip_network(""));
}

TEST(IpNetwork, ContainsIpv4AndIpv6) {
  const auto v4 = parse_ip_network("192.168.0.0/16").value();
  EXPECT_TRUE(v4.contains(parse_ip_address("192.168.3.4").value()));
  EXPECT_TRUE(v4.contains(parse_ip_address("::ffff:192.168.3.4").value()));
  EXPECT_FALSE(v4.contains(parse_ip_address("192.169.0.1").value()));
  const auto v6 = parse_ip_network("2001:db8::/32").value();
  EXPECT_TRUE(v6.contains(parse_ip_address("2001:db8:ffff::1").value()));
  EXPECT_FALSE(v6.contains(parse_ip_address("2001:db9::1").value()));
  EXPECT_FALSE(v6.contains(parse_ip_address("192.168.3.4").value()));
}

TEST(IpNetwork, RateKeysGroupIpv6By64) {
  EXPECT_EQ(address_rate_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_rate_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_rate_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_rate_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_NE(address_rate_key("2001:db8:1:3::1"), address_rate_key("2001:db8:1:2::1"));
  EXPECT_EQ(address_rate_key(""), "");
}

TEST(IpNetwork, ForwardedClientTrustsOnlyListedPeers) {
  const auto proxies = networks({"127.0.0.1", "10.0.0.0/8"});
  const std::string chain = "198.51.100.1, 203.0.113.9, 10.1.2.3";
  // The right-most address that is not a proxy.
  EXPECT_EQ(forwarded_client("127.0.0.1", &chain, proxies), "203.0.113.9");
  // A peer that is not a proxy: its header is the client's own claim, ignored.
  EXPECT_EQ(forwarded_client("192.0.2.5", &chain, proxies), "192.0.2.5");
  EXPECT_EQ(forwarded_client("127.0.0.1", nullptr, proxies), "127.0.0.1");
  EXPECT_EQ(forwarded_client("127.0.0.1", &chain, {}), "127.0.0.1");
  const std::string all_proxies = "10.0.0.1, 10.0.0.2";
  EXPECT_EQ(forwarded_client("127.0.0.1", &all_proxies, proxies), "10.0.0.1");
  const std::string garbage = "evil, 203.0.113.9";
  EXPECT_EQ(forwarded_client("127.0.0.1", &garbage, proxies), "203.0.113.9");
  const std::string only_garbage = "not-an-address";
  EXPECT_EQ(forwarded_client("127.0.0.1", &only_garbage, proxies), "127.0.0.1");
  const std::string v6 = "[2001:db8::7]";
  EXPECT_EQ(forwarded_client("127.0.0.1", &v6, proxies), "2001:db8::7");
}

TEST(IpNetwork, SettingAcceptsListsAndNamesABadEntry) {
  using settings_detail::parse_networks;
  EXPECT_EQ(parse_networks("127.0.0.1, 10.0.0.0/8 ,fd00::/8").size(), 3u);
  EXPECT_TRUE(parse_networks("").empty());
  EXPECT_THROW(parse_networks("127.0.0.1,nope"), settings_detail::InvalidSettingValue);
}

}  // namespace
}  // namespace tessera::core
