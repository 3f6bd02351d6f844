#pragma once
// The emails Tessera sends (API.md, auth): a short text version and an HTML version of each.

#include <chrono>
#include <string_view>

#include "mail/email_message.hpp"

namespace tessera::mail {

// "Verify your email address": the link of POST /register and PATCH /users/me, valid for
// `valid_for` (EMAIL_VERIFY_TOKEN_EXPIRE_HOURS).
EmailMessage verification_email(std::string_view from, std::string_view to, std::string_view link,
                                std::chrono::hours valid_for);

// "Reset your password": the link of POST /password-recovery, valid for `valid_for`
// (PASSWORD_RESET_TOKEN_EXPIRE_MINUTES).
EmailMessage password_reset_email(std::string_view from, std::string_view to, std::string_view link,
                                  std::chrono::minutes valid_for);

// Both throw std::invalid_argument when `link` is not an http:// or https:// URL without
// spaces or controls, or `valid_for` is not positive: a bad link must not reach a user.

}  // namespace tessera::mail
