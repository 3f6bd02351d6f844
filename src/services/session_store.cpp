#include "services/session_store.hpp"

#include "redis/client.hpp"
#include "redis/script.hpp"
#include "security/tokens.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

const redis::Script open_script(R"(
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'refresh', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1)");

// Compares digests, not tokens: how long the comparison takes says nothing useful about a
// secret. ARGV: presented digest, new digest, prefix of user keys, session id.
const redis::Script rotate_script(R"(
local current = redis.call('HGET', KEYS[1], 'refresh')
if not current then return {0} end
local user = redis.call('HGET', KEYS[1], 'user')
if current ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', ARGV[3] .. user, ARGV[4])
  return {2, user}
end
redis.call('HSET', KEYS[1], 'refresh', ARGV[2])
return {1, user})");

// KEYS[1]: the user's set; ARGV: session key prefix, the session to keep (or '').
const redis::Script revoke_all_script(R"(
local sessions = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(sessions) do
  if id ~= ARGV[2] then
    redis.call('DEL', ARGV[1] .. id)
    redis.call('SREM', KEYS[1], id)
  end
end
return #sessions)");

}  // namespace

SessionStore::SessionStore(std::chrono::seconds lifetime, std::string prefix)
    : lifetime_(lifetime), prefix_(std::move(prefix)) {}

std::string SessionStore::session_key(const core::Uuid& session) const {
  return prefix_ + "session:" + session.str();
}

std::string SessionStore::user_key(const core::Uuid& user) const {
  return prefix_ + "user_sessions:" + user.str();
}

asio::awaitable<OpenedSession> SessionStore::open(redis::Client& client,
                                                  const core::Uuid& user) const {
  OpenedSession opened{core::Uuid::random(), {}};
  const std::string secret = security::random_token();
  opened.refresh_token = opened.session_id.str() + "." + secret;
  redis::Args keys{session_key(opened.session_id), user_key(user)};
  redis::Args args{user.str(), security::token_digest(opened.refresh_token),
                   std::to_string(lifetime_.count()), opened.session_id.str()};
  co_await client.eval(open_script, std::move(keys), std::move(args));
  co_return opened;
}

asio::awaitable<Rotation> SessionStore::rotate(redis::Client& client,
                                               std::string_view refresh_token) const {
  Rotation rotation;
  const auto dot = refresh_token.find('.');
  const auto session = core::Uuid::parse(refresh_token.substr(0, dot));
  if (dot == std::string_view::npos || !session) co_return rotation;
  rotation.session_id = *session;
  const std::string next = session->str() + "." + security::random_token();
  redis::Args keys{session_key(*session)};
  redis::Args args{security::token_digest(refresh_token), security::token_digest(next),
                   prefix_ + "user_sessions:", session->str()};
  const redis::Reply reply = co_await client.eval(rotate_script, std::move(keys), std::move(args));
  const auto& items = reply.as_array();
  const auto code = items.at(0).as_integer();
  if (code == 0) co_return rotation;
  rotation.user_id = core::Uuid::parse(items.at(1).as_string()).value_or(core::Uuid{});
  rotation.outcome = code == 1 ? Rotation::Outcome::rotated : Rotation::Outcome::reused;
  if (code == 1) rotation.refresh_token = next;
  co_return rotation;
}

asio::awaitable<bool> SessionStore::is_live(redis::Client& client,
                                            const core::Uuid& session) const {
  const std::string key = session_key(session);
  co_return (co_await client.command("EXISTS", key)).as_integer() == 1;
}

asio::awaitable<void> SessionStore::revoke(redis::Client& client, const core::Uuid& user,
                                           const core::Uuid& session) const {
  std::string key = session_key(session);
  co_await client.del(std::move(key));
  const std::string sessions = user_key(user), id = session.str();
  co_await client.command("SREM", sessions, id);
}

asio::awaitable<void> SessionStore::revoke_all(redis::Client& client, const core::Uuid& user,
                                               std::optional<core::Uuid> keep) const {
  redis::Args keys{user_key(user)};
  redis::Args args{prefix_ + "session:", keep ? keep->str() : std::string()};
  co_await client.eval(revoke_all_script, std::move(keys), std::move(args));
}

}  // namespace tessera::services
