#include "services/superuser.hpp"

#include "core/email_address.hpp"
#include "mappers/user_mapper.hpp"

namespace tessera::services {

namespace asio = boost::asio;

asio::awaitable<SuperuserResult> ensure_superuser(SuperuserDeps deps, std::string email,
                                                  std::optional<std::string> password,
                                                  ExistingUser existing) {
  email = core::normalize_email(email);
  const mappers::UserMapper users;
  auto& db = deps.db.local();
  auto found = co_await users.find_by_email(db, email);
  if (found) {
    if (existing == ExistingUser::leave || (found->is_superuser && found->is_active))
      co_return SuperuserResult{SuperuserOutcome::unchanged};
    domain::UserPatch promotion;
    promotion.is_superuser = true;
    promotion.is_active = true;
    co_await users.update(db, found->id, promotion);
    const bool invalidated = co_await deps.cache.invalidate(found->id);
    co_return SuperuserResult{SuperuserOutcome::promoted, !invalidated};
  }
  if (!password) co_return SuperuserResult{SuperuserOutcome::password_missing};
  std::string hash = co_await deps.passwords.hash(std::move(*password));
  domain::User user = domain::new_user(email, std::move(hash), std::nullopt);
  user.is_superuser = true;
  user.email_verified = true;
  co_await users.insert(db, user);
  co_return SuperuserResult{SuperuserOutcome::created};
}

}  // namespace tessera::services
