#include "core/ip_network.hpp"

#include <charconv>
#include <cstring>

#include <arpa/inet.h>

#include "core/text.hpp"

namespace tessera::core {
namespace {

constexpr unsigned char v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool in_any(const IpAddress& address, const std::vector<IpNetwork>& networks) {
  for (const auto& network : networks)
    if (network.contains(address)) return true;
  return false;
}

}  // namespace

bool IpAddress::is_v4() const {
  return std::memcmp(bytes.data(), v4_mapped_prefix, sizeof v4_mapped_prefix) == 0;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  text = trim(text);
  // An IPv6 literal may come bracketed ("[::1]"), as in URLs and some proxies' headers.
  if (text.size() > 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string copy(text);
  IpAddress address;
  in_addr v4{};
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    std::memcpy(address.bytes.data(), v4_mapped_prefix, sizeof v4_mapped_prefix);
    std::memcpy(address.bytes.data() + 12, &v4, 4);
    return address;
  }
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

bool IpNetwork::contains(const IpAddress& address) const {
  const int whole = prefix / 8, rest = prefix % 8;
  if (std::memcmp(base.bytes.data(), address.bytes.data(), whole) != 0) return false;
  if (rest == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (base.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  const auto address = parse_ip_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpNetwork network{*address, 128};
  if (slash != std::string_view::npos) {
    const auto bits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    const int max = address->is_v4() ? 32 : 128;
    if (error != std::errc{} || end != bits.data() + bits.size() || prefix < 0 || prefix > max)
      return std::nullopt;
    network.prefix = address->is_v4() ? 96 + prefix : prefix;
  }
  // Host bits below the prefix must be zero.
  IpNetwork masked = network;
  for (int bit = network.prefix; bit < 128; ++bit)
    masked.base.bytes[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
  if (masked.base.bytes != network.base.bytes) return std::nullopt;
  return network;
}

std::string address_rate_key(std::string_view address) {
  const auto parsed = parse_ip_address(address);
  if (!parsed) return std::string(address);
  char text[INET6_ADDRSTRLEN] = {};
  if (parsed->is_v4()) {
    inet_ntop(AF_INET, parsed->bytes.data() + 12, text, sizeof text);
    return text;
  }
  IpAddress block = *parsed;
  std::memset(block.bytes.data() + 8, 0, 8);
  inet_ntop(AF_INET6, block.bytes.data(), text, sizeof text);
  return std::string(text) + "/64";
}

std::string forwarded_client(std::string_view peer, const std::string* forwarded_for,
                             const std::vector<IpNetwork>& proxies) {
  const auto peer_address = parse_ip_address(peer);
  if (!forwarded_for || proxies.empty() || !peer_address || !in_any(*peer_address, proxies))
    return std::string(peer);
  std::string client(peer);
  std::string_view list = *forwarded_for;
  while (!list.empty()) {
    const auto comma = list.rfind(',');
    const auto entry = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
    const auto address = parse_ip_address(entry);
    if (!address) break;
    client = std::string(entry.starts_with('[') ? entry.substr(1, entry.size() - 2) : entry);
    if (!in_any(*address, proxies)) break;
  }
  return client;
}

}  // namespace tessera::core
