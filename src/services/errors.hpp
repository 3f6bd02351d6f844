#pragma once
// What a use case reports when it cannot do what it was asked, in its own words: the
// message is a sentence the user may read. The services know nothing of HTTP;
// api/errors.cpp is the one place that turns each kind into a status and a body.
//
// A dependency that is down is core::UnavailableError, from any layer.

#include <chrono>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace tessera::services {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// It does not exist, or it is someone else's: the two are never told apart.
class NotFound final : public Error {
 public:
  using Error::Error;
};

// It would clash with what exists (an email that is taken).
class Conflict final : public Error {
 public:
  using Error::Error;
};

// The caller is known, but may not do this (a role it lacks, an inactive account,
// deleting itself as a superuser).
class Forbidden final : public Error {
 public:
  using Error::Error;
};

// The caller's credentials are missing, wrong, expired or revoked.
class Unauthorized final : public Error {
 public:
  using Error::Error;
};

// The request is understood but refused as given: a wrong current password, an unknown or
// used one-time token.
class Invalid final : public Error {
 public:
  using Error::Error;
};

// The content cannot be used (a corrupt image, dimensions out of bounds).
class Unprocessable final : public Error {
 public:
  using Error::Error;
};

// The content is of a kind this service does not take (an upload that is not an image).
class UnsupportedFormat final : public Error {
 public:
  using Error::Error;
};

// Too many attempts: try again after `retry_after`.
class TooMany final : public Error {
 public:
  TooMany(const std::string& what, std::chrono::seconds retry_after)
      : Error(what), retry_after_(retry_after) {}
  std::chrono::seconds retry_after() const { return retry_after_; }

 private:
  std::chrono::seconds retry_after_;
};

// A right password for a user with two-factor authentication on: the login goes on at
// POST /auth/login/2fa with this token (API.md: 403 with mfa_required and mfa_token).
class SecondFactorRequired final : public Error {
 public:
  explicit SecondFactorRequired(std::string mfa_token)
      : Error("Two-factor code required"), mfa_token_(std::move(mfa_token)) {}
  const std::string& mfa_token() const { return mfa_token_; }

 private:
  std::string mfa_token_;
};

using Unavailable = core::UnavailableError;

}  // namespace tessera::services
