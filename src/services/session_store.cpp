#include "services/session_store.hpp"

#include <algorithm>
#include <charconv>

#include "redis/client.hpp"
#include "redis/script.hpp"
#include "security/tokens.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

// Times are Unix milliseconds, so that sessions opened within one second still sort.
// Shared by the scripts that count as a use: the session lives SESSION_IDLE_MINUTES more,
// never past its absolute end. A session opened before the end was recorded keeps the end
// its key already has.
const std::string extend_function = R"(
-- Numbers are written with %d: Redis would turn a large Lua number into text with an
-- exponent.
local function extend(key, now, idle)
  local ends = tonumber(redis.call('HGET', key, 'ends'))
  if not ends then
    ends = now + math.max(redis.call('PTTL', key), 0)
    redis.call('HSET', key, 'ends', string.format('%d', ends))
  end
  redis.call('HSET', key, 'used', string.format('%d', now))
  redis.call('PEXPIREAT', key, string.format('%d', math.min(now + idle, ends)))
end
)";

// KEYS: session, user's set. ARGV: user, digest, now, absolute end, idle, session id, user
// agent, address, lifetime.
const redis::Script open_script(extend_function + R"(
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'refresh', ARGV[2], 'created', ARGV[3],
           'ends', ARGV[4], 'ua', ARGV[7], 'ip', ARGV[8])
extend(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[5]))
redis.call('SADD', KEYS[2], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[9])
return 1)");

// Compares digests, not tokens: how long the comparison takes says nothing useful about a
// secret. Only a digest this session issued and saw used ('u:' fields) revokes it.
// ARGV: presented digest, new digest, prefix of user keys, session id, now, idle.
const redis::Script rotate_script(extend_function + R"(
local current = redis.call('HGET', KEYS[1], 'refresh')
if not current then return {0} end
local user = redis.call('HGET', KEYS[1], 'user')
if current == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refresh', ARGV[2], 'u:' .. ARGV[1], 1)
  extend(KEYS[1], tonumber(ARGV[5]), tonumber(ARGV[6]))
  return {1, user}
end
if redis.call('HEXISTS', KEYS[1], 'u:' .. ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', ARGV[3] .. user, ARGV[4])
  return {2, user}
end
return {0})");

// ARGV: now, idle. With a second key, its value comes back too: {1, value or nil}.
const redis::Script touch_script(extend_function + R"(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
extend(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if KEYS[2] then return {1, redis.call('GET', KEYS[2])} end
return 1)");

// KEYS[1]: the user's set; ARGV[1]: session key prefix. Ids of sessions that ended by
// themselves are dropped from the set on the way.
const redis::Script list_script(R"(
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. id
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('SREM', KEYS[1], id)
  else
    local f = redis.call('HMGET', key, 'created', 'used', 'ua', 'ip')
    table.insert(out, {id, f[1] or '0', f[2] or f[1] or '0', f[3] or '', f[4] or '', ttl})
  end
end
return out)");

// KEYS: session, user's set. ARGV: user, session id.
const redis::Script revoke_script(R"(
if redis.call('HGET', KEYS[1], 'user') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
return 1)");

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

std::int64_t unix_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string ms_text(std::chrono::seconds duration) {
  return std::to_string(std::chrono::milliseconds(duration).count());
}

std::int64_t to_int(const std::string& text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<std::string> non_empty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

SessionStore::SessionStore(std::chrono::seconds lifetime, std::chrono::seconds idle,
                           std::string prefix)
    : lifetime_(lifetime), idle_(idle), prefix_(std::move(prefix)) {}

std::string SessionStore::session_key(const core::Uuid& session) const {
  return prefix_ + "session:" + session.str();
}

std::string SessionStore::user_key(const core::Uuid& user) const {
  return prefix_ + "user_sessions:" + user.str();
}

asio::awaitable<OpenedSession> SessionStore::open(redis::Client& client, const core::Uuid& user,
                                                  const ClientInfo& from) const {
  OpenedSession opened{core::Uuid::random(), {}};
  const std::string secret = security::random_token();
  opened.refresh_token = opened.session_id.str() + "." + secret;
  const std::int64_t now = unix_now_ms();
  redis::Args keys{session_key(opened.session_id), user_key(user)};
  redis::Args args{user.str(),
                   security::token_digest(opened.refresh_token),
                   std::to_string(now),
                   std::to_string(now + std::chrono::milliseconds(lifetime_).count()),
                   ms_text(idle_),
                   opened.session_id.str(),
                   from.user_agent.substr(0, 512),
                   from.address,
                   std::to_string(lifetime_.count())};
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
  redis::Args args{security::token_digest(refresh_token),
                   security::token_digest(next),
                   prefix_ + "user_sessions:",
                   session->str(),
                   std::to_string(unix_now_ms()),
                   ms_text(idle_)};
  const redis::Reply reply = co_await client.eval(rotate_script, std::move(keys), std::move(args));
  const auto& items = reply.as_array();
  const auto code = items.at(0).as_integer();
  if (code == 0) co_return rotation;
  rotation.user_id = core::Uuid::parse(items.at(1).as_string()).value_or(core::Uuid{});
  rotation.outcome = code == 1 ? Rotation::Outcome::rotated : Rotation::Outcome::reused;
  if (code == 1) rotation.refresh_token = next;
  co_return rotation;
}

asio::awaitable<bool> SessionStore::touch(redis::Client& client, const core::Uuid& session) const {
  redis::Args keys{session_key(session)};
  redis::Args args{std::to_string(unix_now_ms()), ms_text(idle_)};
  const redis::Reply reply = co_await client.eval(touch_script, std::move(keys), std::move(args));
  co_return reply.as_integer() == 1;
}

asio::awaitable<SessionStore::Touched> SessionStore::touch_and_read(redis::Client& client,
                                                                    const core::Uuid& session,
                                                                    std::string key) const {
  redis::Args keys{session_key(session), std::move(key)};
  redis::Args args{std::to_string(unix_now_ms()), ms_text(idle_)};
  const redis::Reply reply = co_await client.eval(touch_script, std::move(keys), std::move(args));
  Touched touched;
  if (reply.type() == redis::Reply::Type::array) {
    touched.live = true;
    const auto& items = reply.as_array();
    if (items.size() > 1 && !items[1].is_nil()) touched.value = items[1].as_string();
  }
  co_return touched;
}

asio::awaitable<std::vector<SessionInfo>> SessionStore::list(redis::Client& client,
                                                             const core::Uuid& user) const {
  redis::Args keys{user_key(user)};
  redis::Args args{prefix_ + "session:"};
  const redis::Reply reply = co_await client.eval(list_script, std::move(keys), std::move(args));
  const std::int64_t now = unix_now_ms();
  std::vector<SessionInfo> sessions;
  for (const redis::Reply& row : reply.as_array()) {
    const auto& f = row.as_array();
    const auto id = core::Uuid::parse(f.at(0).as_string());
    if (!id) continue;
    sessions.push_back({*id, to_int(f.at(1).as_string()), to_int(f.at(2).as_string()),
                        now + f.at(5).as_integer(), non_empty(f.at(3).as_string()),
                        non_empty(f.at(4).as_string())});
  }
  std::sort(sessions.begin(), sessions.end(), [](const SessionInfo& a, const SessionInfo& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id.str() > b.id.str();
  });
  co_return sessions;
}

asio::awaitable<bool> SessionStore::revoke(redis::Client& client, const core::Uuid& user,
                                           const core::Uuid& session) const {
  redis::Args keys{session_key(session), user_key(user)};
  redis::Args args{user.str(), session.str()};
  const redis::Reply reply = co_await client.eval(revoke_script, std::move(keys), std::move(args));
  co_return reply.as_integer() == 1;
}

asio::awaitable<void> SessionStore::revoke_all(redis::Client& client, const core::Uuid& user,
                                               std::optional<core::Uuid> keep) const {
  redis::Args keys{user_key(user)};
  redis::Args args{prefix_ + "session:", keep ? keep->str() : std::string()};
  co_await client.eval(revoke_all_script, std::move(keys), std::move(args));
}

}  // namespace tessera::services
