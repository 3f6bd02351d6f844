// The `tessera` command line: one binary for the API, and (as they arrive) the worker,
// migrations, user administration and task inspection.

#include <cstdio>

#include <CLI/CLI.hpp>
#include <sys/random.h>

#include "api/app.hpp"
#include "core/logging.hpp"
#include "core/settings.hpp"
#include "core/version.hpp"

namespace {

using namespace tessera;

int serve() {
  const core::Settings settings = api::load_settings_or_exit();
  core::init_logging(settings.log_level, settings.log_format);
  return api::serve(settings);
}

int secret() {
  unsigned char key[32];
  if (::getrandom(key, sizeof key, 0) != static_cast<ssize_t>(sizeof key)) {
    std::fprintf(stderr, "tessera: the system's random source failed\n");
    return 1;
  }
  for (unsigned char byte : key) std::printf("%02x", byte);
  std::printf("\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Tessera: REST API with accounts, PostgreSQL, Redis and background tasks"};
  cli.require_subcommand(1);
  int status = 0;

  cli.add_subcommand("serve", "Run the HTTP API until SIGTERM/SIGINT")->callback([&] {
    status = serve();
  });
  cli.add_subcommand("version", "Print the version")->callback([] {
    std::printf("tessera %s\n", TESSERA_VERSION);
  });
  cli.add_subcommand("secret", "Print a new random key for JWT_SECRET_KEY (64 hex characters)")
      ->callback([&] { status = secret(); });

  CLI11_PARSE(cli, argc, argv);
  return status;
}
