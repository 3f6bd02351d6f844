"""Configuration errors stop the process at start: one line per bad setting, naming it, exit 2."""

import os
import re
import subprocess
import tempfile
import unittest

from harness import BASE_ENV, TESSERA_BIN, Server


def run(args, env=None, dotenv=None, timeout=30):
    cwd = tempfile.mkdtemp(prefix="tessera-settings-")
    if dotenv is not None:
        with open(os.path.join(cwd, ".env"), "w") as f:
            f.write(dotenv)
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    full_env.update(env if env is not None else BASE_ENV)
    return subprocess.run([TESSERA_BIN, *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout)


PREFIX = "tessera: configuration error: "


class BadSettings(unittest.TestCase):
    def assert_refused(self, result, *names):
        """Exit 2 and one line per name, in this order: "tessera: configuration error: NAME: ..."."""
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), len(names), result.stderr)
        for line, name in zip(lines, names):
            self.assertTrue(line.startswith(PREFIX + name + ": "), result.stderr)

    def test_invalid_port_in_dotenv(self):
        result = run(["serve"], dotenv="HTTP_PORT=abc\n")
        self.assert_refused(result, "HTTP_PORT")

    def test_missing_jwt_secret(self):
        env = {k: v for k, v in BASE_ENV.items() if k != "JWT_SECRET_KEY"}
        self.assert_refused(run(["serve"], env=env), "JWT_SECRET_KEY")

    def test_short_jwt_secret_is_named_but_never_printed(self):
        env = dict(BASE_ENV, JWT_SECRET_KEY="short-key-x7")
        result = run(["serve"], env=env)
        self.assert_refused(result, "JWT_SECRET_KEY")
        self.assertNotIn("short-key-x7", result.stderr)

    def test_bad_enum(self):
        self.assert_refused(run(["serve"], env=dict(BASE_ENV, LOG_FORMAT="xml")), "LOG_FORMAT")

    def test_what_this_version_lacks_is_refused_not_ignored(self):
        # The S3 backend and Redis Sentinel are in the contract but not built yet: a process
        # told to use them stops, instead of storing on the local disk or using one Redis.
        s3 = dict(BASE_ENV, STORAGE_BACKEND="s3", S3_ENDPOINT="http://127.0.0.1:7480",
                  S3_BUCKET="media", S3_ACCESS_KEY_ID="key", S3_SECRET_ACCESS_KEY="s3-secret-x9")
        for command in (["serve"], ["worker"]):
            result = run(command, env=s3)
            self.assert_refused(result, "STORAGE_BACKEND")
            self.assertNotIn("s3-secret-x9", result.stderr)
        self.assert_refused(run(["serve"], env=dict(BASE_ENV, STORAGE_BACKEND="s3")),
                            "S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY",
                            "STORAGE_BACKEND")
        self.assert_refused(run(["serve"], env=dict(BASE_ENV, MEDIA_DELIVERY="redirect")), "MEDIA_DELIVERY")
        self.assert_refused(run(["worker"], env=dict(BASE_ENV, REDIS_SENTINELS="127.0.0.1:26379")),
                            "REDIS_SENTINELS")

    def test_every_bad_setting_is_reported(self):
        # Both, in the settings table's order (JWT_SECRET_KEY before HTTP_PORT), not only the first.
        env = dict(BASE_ENV, JWT_SECRET_KEY="short-key-x7", HTTP_PORT="notaport")
        result = run(["serve"], env=env)
        self.assert_refused(result, "JWT_SECRET_KEY", "HTTP_PORT")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(lines[0], PREFIX + "JWT_SECRET_KEY: must be at least 32 bytes (got 12)")
        self.assertIn('invalid port "notaport"', lines[1])
        self.assertNotIn("short-key-x7", result.stderr)

    def test_bad_settings_in_environment_and_dotenv_are_reported_together(self):
        result = run(["serve"], env=dict(BASE_ENV, LOG_FORMAT="xml"), dotenv="HTTP_PORT=abc\n")
        self.assert_refused(result, "HTTP_PORT", "LOG_FORMAT")

    def test_dotenv_syntax_error_names_the_line(self):
        # The file's one problem, even though the environment has bad settings too.
        result = run(["serve"], env=dict(BASE_ENV, LOG_FORMAT="xml"),
                     dotenv="# settings\nHTTP_HOST=127.0.0.1\nJWT_SECRET_KEY=\"unterminated\n")
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith(PREFIX), result.stderr)
        self.assertRegex(lines[0], r"\.env:3: ")

    def test_environment_wins_over_dotenv(self):
        # LOG_FORMAT in .env is invalid, but the environment's value wins; CORS_ORIGINS
        # comes from .env alone.
        cwd = tempfile.mkdtemp(prefix="tessera-settings-")
        with open(os.path.join(cwd, ".env"), "w") as f:
            f.write("LOG_FORMAT=xml\nCORS_ORIGINS=http://from-dotenv.example\n")
        server = Server(env={"LOG_FORMAT": "json"}, cwd=cwd)
        try:
            reply = server.request("GET", "/healthz", headers={"Origin": "http://from-dotenv.example"})
            self.assertEqual(reply.headers.get("access-control-allow-origin"), "http://from-dotenv.example")
        finally:
            self.assertEqual(server.stop(), 0, server.log())


class CommandLine(unittest.TestCase):
    def test_help_lists_commands(self):
        result = run(["--help"])
        self.assertEqual(result.returncode, 0)
        for command in ("serve", "version", "secret"):
            self.assertIn(command, result.stdout)

    def test_version(self):
        result = run(["version"], env={})
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^tessera \d+\.\d+\.\d+\n$")

    def test_secret_is_64_fresh_hex_characters(self):
        first, second = run(["secret"], env={}).stdout.strip(), run(["secret"], env={}).stdout.strip()
        self.assertRegex(first, r"^[0-9a-f]{64}$")
        self.assertNotEqual(first, second)

    def test_unknown_command_fails(self):
        self.assertNotEqual(run(["frobnicate"]).returncode, 0)


if __name__ == "__main__":
    unittest.main()
