#pragma once
// The web app at `/` (API.md "Web app"): its files, compiled into the binary from the Vite
// build of web/, and its client-side routes, which all answer index.html. Paths under
// /api/ stay the API's (a JSON 404). A binary built without the app says so at `/`.

namespace tessera::http {
class Application;
}

namespace tessera::webapp {

// Installs the app as the application's fallback for GET and HEAD.
void serve_web_app(http::Application& app);

// Whether the bundle is in this binary.
bool web_app_built();

}  // namespace tessera::webapp
