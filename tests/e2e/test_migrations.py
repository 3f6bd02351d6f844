"""`tessera db ...` against the PostgreSQL of scripts/services, each test in a database of its own."""

import os
import shutil
import subprocess
import tempfile
import unittest
import uuid

from harness import BASE_ENV, TESSERA_BIN

SOURCE_DIR = os.environ.get("TESSERA_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))


def psql(sql, database=None):
    env = dict(os.environ, PGPASSWORD=os.environ.get("DB_PASS", ""))
    return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", os.environ["DB_HOST"],
                           "-p", os.environ["DB_PORT"], "-U", os.environ["DB_USER"],
                           "-d", database or os.environ["DB_NAME"], "-c", sql],
                          env=env, capture_output=True, text=True, check=True).stdout.strip()


class Migrations(unittest.TestCase):
    def setUp(self):
        for name in ("DB_HOST", "DB_PORT", "DB_USER", "DB_NAME"):
            self.assertIn(name, os.environ, "run through scripts/test (it starts PostgreSQL)")
        self.database = "mig_" + uuid.uuid4().hex[:12]
        psql(f"CREATE DATABASE {self.database}")
        self.workdir = tempfile.mkdtemp(prefix="tessera-migrations-")
        self.migrations = os.path.join(self.workdir, "migrations")
        shutil.copytree(os.path.join(SOURCE_DIR, "migrations"), self.migrations)

    def tearDown(self):
        psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        shutil.rmtree(self.workdir, ignore_errors=True)

    def env(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        for name in ("DB_HOST", "DB_PORT", "DB_USER", "DB_PASS", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        env.update(JWT_SECRET_KEY=BASE_ENV["JWT_SECRET_KEY"], DB_NAME=self.database, MIGRATIONS_DIR=self.migrations)
        return env

    def db(self, *args, check=True):
        result = subprocess.run([TESSERA_BIN, "db", *args], cwd=self.workdir, env=self.env(), capture_output=True,
                                text=True, timeout=120)
        if check:
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def head(self):
        return self.db("heads").stdout.split()[0]

    def tables(self):
        return psql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
                    self.database)

    def test_upgrade_downgrade_upgrade_leaves_a_working_schema(self):
        head = self.head()
        self.assertIn("Running upgrade", self.db("upgrade", "head").stdout)
        self.assertEqual(self.db("current").stdout.strip(), f"{head} (head)")
        self.assertEqual(self.tables(), "image_variants,images,recovery_codes,task_outbox,tessera_version,users")
        self.db("downgrade", "base")
        self.assertEqual(self.tables(), "tessera_version")
        self.assertIn("base", self.db("current").stdout)
        self.db("upgrade", "head")
        psql("INSERT INTO users (email, hashed_password) VALUES ('a@b.c', 'x')", self.database)
        self.assertEqual(psql("SELECT count(*) FROM users WHERE lower(email) = 'a@b.c'", self.database), "1")
        self.assertIn("nothing to do", self.db("upgrade").stdout)

    def test_downgrade_minus_one_and_history(self):
        self.db("upgrade", "head")
        history = self.db("history").stdout.splitlines()
        self.assertRegex(history[-1], r"^<base> -> [0-9a-f]{12}, create users")
        self.assertRegex(history[0], r"^[0-9a-f]{12} -> [0-9a-f]{12} \(head\), ")
        self.db("downgrade", "-1")
        previous = history[0].split()[0]
        self.assertEqual(self.db("current").stdout.strip(), previous)
        # The newest migration's change is undone (two-factor authentication), the rest kept.
        self.assertNotIn("recovery_codes", self.tables())
        self.assertEqual(psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                              "AND column_name = 'totp_secret'", self.database), "0")
        constraints = psql("SELECT coalesce(string_agg(conname, ','), '') FROM pg_constraint "
                           "WHERE conrelid = 'users'::regclass", self.database)
        self.assertIn("users_email_key", constraints)
        self.assertIn("task_outbox", self.tables())

    def test_autogenerate_right_after_upgrade_finds_nothing(self):
        self.db("upgrade", "head")
        result = self.db("revision", "-m", "no change", "--autogenerate")
        self.assertIn("No changes in schema detected", result.stdout)
        # nothing written beside the shipped migrations
        shipped = len([f for f in os.listdir(os.path.join(SOURCE_DIR, "migrations")) if f.endswith(".sql")])
        self.assertEqual(len([f for f in os.listdir(self.migrations) if f.endswith(".sql")]), shipped)

    def test_autogenerate_refuses_a_database_behind_the_head(self):
        result = self.db("revision", "-m", "too early", "--autogenerate", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not at the head", result.stderr)

    def test_autogenerate_sees_a_column_added_outside_the_declarations(self):
        self.db("upgrade", "head")
        psql("ALTER TABLE users ADD COLUMN nickname text", self.database)
        result = self.db("revision", "-m", "drop nickname", "--autogenerate")
        self.assertIn("Detected drop column users.nickname", result.stdout)
        self.db("upgrade", "head")
        self.assertIn("No changes", self.db("revision", "-m", "again", "--autogenerate").stdout)
        self.db("downgrade", "-1")  # the downgrade puts the column back
        self.assertEqual(psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                              "AND column_name = 'nickname'", self.database), "1")

    def test_check_passes_at_head_and_names_every_difference(self):
        self.db("upgrade", "head")
        self.assertIn("No new upgrade operations", self.db("check").stdout)
        psql("ALTER TABLE users ADD COLUMN nickname text", self.database)
        result = self.db("check", check=False)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("users.nickname", result.stdout)
        self.assertIn("--autogenerate", result.stderr)

    def test_check_refuses_a_database_behind_the_head(self):
        result = self.db("check", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not at the head", result.stderr)

    def test_sql_prints_and_changes_nothing(self):
        result = self.db("upgrade", "head", "--sql")
        self.assertIn("CREATE TABLE users", result.stdout)
        self.assertIn("INSERT INTO tessera_version", result.stdout)
        self.assertEqual(self.tables(), "")
        self.assertIn("base", self.db("current").stdout)

    def test_two_upgrades_at_once_migrate_once(self):
        env = self.env()
        procs = [subprocess.Popen([TESSERA_BIN, "db", "upgrade", "head"], cwd=self.workdir, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in procs]
        self.assertEqual([p.returncode for p in procs], [0, 0], outputs)
        ran = [out for out, _ in outputs if "Running upgrade" in out]
        idle = [out for out, _ in outputs if "nothing to do" in out]
        self.assertEqual((len(ran), len(idle)), (1, 1), outputs)

    def test_unknown_target_is_an_error(self):
        result = self.db("upgrade", "abcdef", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("abcdef", result.stderr)


if __name__ == "__main__":
    unittest.main()
