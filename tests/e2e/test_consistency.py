"""Several clients at once on one account, and a second process (the command line) changing
what the API serves: the later change always wins, nothing is half done, and a change made
anywhere is what the next request sees. Counts are asserted, never timings."""

import os
import subprocess
import threading
import time
import uuid

from accounts import ApiTestCase, db_env
from harness import TESSERA_BIN
from test_images import MEDIA_ROOT, convert, gradient, multipart
from test_migrations import psql

ADMIN_PASSWORD = "admin password 1"
EDITORS = 6


def in_parallel(count, work):
    """Runs work(i) on `count` threads at once; returns their results in order."""
    results = [None] * count
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


class Consistency(ApiTestCase):
    admin_email = f"admin_{uuid.uuid4().hex[:8]}@example.com"
    extra_settings = {"FIRST_SUPERUSER": admin_email, "FIRST_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
                      "MEDIA_ROOT": MEDIA_ROOT}

    def admin(self):
        reply = self.login(self.admin_email, ADMIN_PASSWORD)
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json()["access_token"]

    def edit_names_while(self, token, change):
        """EDITORS clients rename the user over and over while `change()` runs once in the
        middle of their edits; returns the statuses the editors got."""
        done = threading.Event()
        statuses = []

        def editor(i):
            seen = []
            n = 0
            while not done.is_set() or n < 3:
                n += 1
                reply = self.call("PATCH", "/api/v1/users/me", {"full_name": f"editor {i} edit {n}"}, token=token)
                seen.append(reply.status)
                if reply.status == 401:  # deactivated: nothing more to edit
                    break
            return seen

        def changer(_):
            change()
            done.set()

        results = in_parallel(EDITORS + 1, lambda i: changer(i) if i == EDITORS else editor(i))
        for seen in results[:EDITORS]:
            statuses.extend(seen)
        return statuses

    def me(self, token):
        return self.call("GET", "/api/v1/users/me", token=token)

    # ------------------------------------------------------------------ the later change wins
    def test_a_password_change_among_profile_edits_holds(self):
        address, _, tokens = self.session()
        token = tokens["access_token"]
        changed = []
        statuses = self.edit_names_while(token, lambda: changed.append(self.call(
            "POST", "/api/v1/users/me/password",
            {"current_password": "correct horse", "new_password": "a brand new one"}, token=token).status))
        self.assertEqual(changed, [204])
        self.assertEqual(set(statuses), {200}, statuses)
        self.assertEqual(self.login(address, "correct horse").status, 401)
        self.assertEqual(self.login(address, "a brand new one").status, 200)

    def test_a_reset_among_profile_edits_holds(self):
        address, _, tokens = self.session()
        self.assertEqual(self.call("POST", "/api/v1/auth/password-recovery", {"email": address}).status, 202)
        reset_token = self.token_in(self.mail_to(address, subject_has="reset"), "reset-password")
        results = []
        self.edit_names_while(tokens["access_token"], lambda: results.append(self.call(
            "POST", "/api/v1/auth/reset-password", {"token": reset_token, "new_password": "reset password"}).status))
        self.assertEqual(results, [200])
        self.assertEqual(self.login(address, "correct horse").status, 401)
        self.assertEqual(self.login(address, "reset password").status, 200)

    def test_a_demotion_among_the_users_own_edits_holds(self):
        address, user, tokens = self.session()
        admin = self.admin()
        promoted = self.call("PATCH", f"/api/v1/users/{user['id']}", {"is_superuser": True}, token=admin)
        self.assertTrue(promoted.json()["is_superuser"], promoted.body)
        results = []
        statuses = self.edit_names_while(tokens["access_token"], lambda: results.append(self.call(
            "PATCH", f"/api/v1/users/{user['id']}", {"is_superuser": False}, token=admin).json()["is_superuser"]))
        self.assertEqual(results, [False])
        self.assertEqual(set(statuses), {200}, statuses)
        self.assertFalse(self.me(tokens["access_token"]).json()["is_superuser"])
        fresh = self.login(address).json()["access_token"]
        self.assertEqual(self.call("GET", "/api/v1/users/", token=fresh).status, 403)

    def test_a_deactivation_among_the_users_own_edits_holds(self):
        address, user, tokens = self.session()
        admin = self.admin()
        self.edit_names_while(tokens["access_token"], lambda: self.call(
            "PATCH", f"/api/v1/users/{user['id']}", {"is_active": False}, token=admin))
        stored = self.call("GET", f"/api/v1/users/{user['id']}", token=admin).json()
        self.assertFalse(stored["is_active"])
        self.assertEqual(self.me(tokens["access_token"]).status, 401)
        self.assertEqual(self.login(address).status, 403)

    # ------------------------------------------------------------------ the command line
    def test_a_promotion_by_the_command_line_is_seen_by_the_next_request(self):
        address, _, tokens = self.session()
        token = tokens["access_token"]
        self.assertFalse(self.me(token).json()["is_superuser"])  # now in the API's cache
        self.assertEqual(self.call("GET", "/api/v1/users/", token=token).status, 403)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "JWT_SECRET_KEY": "x" * 40, **db_env()}
        for name in ("REDIS_HOST", "REDIS_PORT", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        promoted = subprocess.run([TESSERA_BIN, "users", "create-superuser", "--email", address], env=env,
                                  capture_output=True, text=True, timeout=60)
        self.assertEqual(promoted.returncode, 0, promoted.stderr)
        self.assertIn("made", promoted.stdout)
        self.assertTrue(self.me(token).json()["is_superuser"])
        self.assertEqual(self.call("GET", "/api/v1/users/", token=token).status, 200)

    # ------------------------------------------------------------------ deletion under uploads
    def test_deleting_a_user_while_it_uploads_leaves_no_row_and_no_file(self):
        _, user, tokens = self.session()
        token = tokens["access_token"]
        picture = convert(gradient(64, 48), ".png")
        stop = threading.Event()

        def uploader(i):
            statuses = []
            while not stop.is_set():
                body, content_type = multipart("file", f"p{i}.png", picture)
                reply = self.server.request("POST", "/api/v1/images/", body=body, headers={
                    "Content-Type": content_type, "Authorization": f"Bearer {token}"})
                statuses.append(reply.status)
                if reply.status != 202:
                    break
            return statuses

        def deleter(_):
            # Once some uploads are in, the superuser deletes the account among the others.
            deadline = time.time() + 60
            while time.time() < deadline and int(psql(
                    f"SELECT count(*) FROM images WHERE owner_id = '{user['id']}'")) < 5:
                time.sleep(0.05)
            reply = self.call("DELETE", f"/api/v1/users/{user['id']}", token=self.admin())
            stop.set()
            return [reply.status]

        results = in_parallel(5, lambda i: deleter(i) if i == 4 else uploader(i))
        self.assertEqual(results[4], [204])
        accepted = sum(s.count(202) for s in results[:4])
        self.assertGreaterEqual(accepted, 5)
        # After the deletion an upload gets 401: its user is gone.
        self.assertTrue(all(s[-1] in (202, 401) for s in results[:4]), results)

        self.assertEqual(psql(f"SELECT count(*) FROM images WHERE owner_id = '{user['id']}'"), "0")
        # Every stored file belongs to an image row (the worker may still be finishing one
        # that was deleted under it: it removes what it wrote).
        deadline = time.time() + 60
        while time.time() < deadline and self.orphan_files():
            time.sleep(0.1)
        self.assertEqual(self.orphan_files(), [])

    def orphan_files(self):
        ids = set(psql("SELECT string_agg(id::text, ',') FROM images").split(","))
        orphans = []
        for directory, _, names in os.walk(MEDIA_ROOT):
            for name in names:
                if name.startswith(".tmp-"):  # an upload still arriving
                    continue
                relative = os.path.relpath(os.path.join(directory, name), MEDIA_ROOT)
                image_id = relative.split(os.sep)[1].split(".")[0]
                if image_id not in ids:
                    orphans.append(relative)
        return orphans
