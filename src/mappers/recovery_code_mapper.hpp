#pragma once
// The digests of a user's two-factor recovery codes (recovery_codes table). A code is used
// by deleting its row: of two requests racing with one code, one deletes it, the other
// finds nothing.

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/executor.hpp"
#include "db/transaction.hpp"

namespace tessera::mappers {

class RecoveryCodeMapper {
 public:
  // The user's codes become exactly `digests`.
  boost::asio::awaitable<void> replace(db::Transaction& tx, core::Uuid user,
                                       const std::vector<std::string>& digests) const;
  // Whether the code was the user's and unused; it is used from now on.
  boost::asio::awaitable<bool> use(db::Executor& db, core::Uuid user,
                                   const std::string& digest) const;
  boost::asio::awaitable<void> erase_all(db::Executor& db, core::Uuid user) const;
};

}  // namespace tessera::mappers
