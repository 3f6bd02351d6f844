#pragma once
// Bearer authentication for the routes: the token from the Authorization header goes to
// services::Authenticator with the role the route requires, and the principal it returns
// (the user, loaded once) is kept in the request's context for the handler.

#include "http/application.hpp"
#include "http/context.hpp"
#include "services/authenticator.hpp"

namespace tessera::api {

http::Authenticator bearer_authentication(const services::Authenticator& authenticator);

// The caller of a route that requires a user.
inline const services::Principal& principal(const http::Context& ctx) {
  return ctx.principal<services::Principal>();
}

}  // namespace tessera::api
