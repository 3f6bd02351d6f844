// Feeds arbitrary peers and X-Forwarded-For values to forwarded_client, with a proxy list
// parsed from the input too. The input is
//   <proxies, comma-separated> '\n' <peer> '\n' <header value>
// The client must be the peer, or one of the header's entries (trimmed, brackets off), and
// the peer whenever the peer is not a listed proxy; its rate key must be computable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_network.hpp"
#include "core/text.hpp"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool is_entry_of(std::string_view header, std::string_view client) {
  while (true) {
    const auto comma = header.find(',');
    auto entry = tessera::core::trim(header.substr(0, comma));
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']')
      entry = entry.substr(1, entry.size() - 2);
    if (entry == client) return true;
    if (comma == std::string_view::npos) return false;
    header.remove_prefix(comma + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tessera::core;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto first = input.find('\n');
  if (first == std::string_view::npos) return 0;
  const auto second = input.find('\n', first + 1);
  if (second == std::string_view::npos) return 0;
  std::vector<IpNetwork> proxies;
  std::string_view list = input.substr(0, first);
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (auto network = parse_ip_network(list.substr(0, comma))) proxies.push_back(*network);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  const std::string peer(input.substr(first + 1, second - first - 1));
  const std::string header(input.substr(second + 1));

  const std::string client = forwarded_client(peer, &header, proxies);
  check(client == peer || is_entry_of(header, client));
  const auto peer_address = parse_ip_address(peer);
  bool trusted = false;
  for (const auto& proxy : proxies)
    trusted = trusted || (peer_address && proxy.contains(*peer_address));
  if (!trusted) check(client == peer);
  if (client != peer) check(parse_ip_address(client).has_value());
  (void)address_rate_key(client);
  return 0;
}
