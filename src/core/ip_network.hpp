#pragma once
// IP addresses and networks (CIDR) as the settings and the rate limits need them: which
// peers are trusted proxies (FORWARDED_ALLOW_IPS), and the key a client address is counted
// under. IPv6 clients are counted per /64, the block one subscriber usually holds, so an
// attacker cannot reset a limit by changing the low bits of its address.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::core {

// An address as 16 bytes; IPv4 ones as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that a
// listener on "::" and one on "0.0.0.0" see the same client the same way.
struct IpAddress {
  std::array<unsigned char, 16> bytes{};
  bool is_v4() const;
};

std::optional<IpAddress> parse_ip_address(std::string_view text);

struct IpNetwork {
  IpAddress base;
  int prefix = 128;  // in IPv6 bits: an IPv4 /24 is 96 + 24

  bool contains(const IpAddress& address) const;
};

// "10.0.0.0/8", "2001:db8::/32", or a single address. nullopt when malformed or when host
// bits are set below the prefix (a likely typo: "10.0.0.1/8").
std::optional<IpNetwork> parse_ip_network(std::string_view text);

// The key rate limits count a client under: the IPv4 address itself, an IPv6 address's /64
// ("2001:db8:1:2::/64"); any other text (no address known) unchanged.
std::string address_rate_key(std::string_view address);

// The client of a request: `peer`, or, when the peer is one of `proxies`, the right-most
// address of X-Forwarded-For that is not itself a proxy (the left-most when all are).
// Entries that are not addresses end the walk: the last address found wins.
std::string forwarded_client(std::string_view peer, const std::string* forwarded_for,
                             const std::vector<IpNetwork>& proxies);

}  // namespace tessera::core
