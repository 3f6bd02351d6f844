"""API.md's Users table through the real `tessera serve`, with a superuser made from
FIRST_SUPERUSER at start-up, and `tessera users create-superuser`."""

import os
import time
import unittest
import uuid

from accounts import ApiTestCase, db_env
from workers import tessera

ADMIN_PASSWORD = "admin password 1"


class Users(ApiTestCase):
    admin_email = f"admin_{uuid.uuid4().hex[:8]}@example.com"
    extra_settings = {"FIRST_SUPERUSER": admin_email, "FIRST_SUPERUSER_PASSWORD": ADMIN_PASSWORD}

    def admin(self):
        reply = self.login(self.admin_email, ADMIN_PASSWORD)
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json()["access_token"]

    # ------------------------------------------------------------------ the current user
    def test_first_superuser_exists_and_is_verified(self):
        me = self.call("GET", "/api/v1/users/me", token=self.admin()).json()
        self.assertEqual(me["email"], self.admin_email)
        self.assertTrue(me["is_superuser"])
        self.assertTrue(me["email_verified"])

    def test_patch_me_changes_the_name(self):
        _, _, tokens = self.session()
        reply = self.call("PATCH", "/api/v1/users/me", {"full_name": "New Name"}, token=tokens["access_token"])
        self.assertEqual(reply.status, 200, reply.body)
        self.assertEqual(reply.json()["full_name"], "New Name")
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).json()["full_name"],
                         "New Name")

    def test_a_new_email_must_be_verified_again(self):
        address, _, tokens = self.session()
        self.link_in(self.mail_to(address))  # the first verification email
        path = self.link_in(self.mail_to(address))
        self.call("GET", path[path.index("/api/"):])
        new_address = "new_" + address
        reply = self.call("PATCH", "/api/v1/users/me", {"email": new_address.upper()}, token=tokens["access_token"])
        self.assertEqual(reply.status, 200, reply.body)
        self.assertEqual(reply.json()["email"], new_address)
        self.assertFalse(reply.json()["email_verified"])
        self.link_in(self.mail_to(new_address))

    def test_patch_me_to_a_taken_email_is_409(self):
        taken, _ = self.register()
        _, _, tokens = self.session()
        reply = self.call("PATCH", "/api/v1/users/me", {"email": taken}, token=tokens["access_token"])
        self.assertEqual(reply.status, 409, reply.body)

    def test_changing_the_password_ends_the_other_sessions(self):
        address, _, first = self.session()
        second = self.login(address).json()
        wrong = self.call("POST", "/api/v1/users/me/password",
                          {"current_password": "not it at all", "new_password": "next password"},
                          token=first["access_token"])
        self.assertEqual(wrong.status, 400, wrong.body)
        changed = self.call("POST", "/api/v1/users/me/password",
                            {"current_password": "correct horse", "new_password": "next password"},
                            token=first["access_token"])
        self.assertEqual(changed.status, 204, changed.body)
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=first["access_token"]).status, 200)
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=second["access_token"]).status, 401)
        self.assertEqual(self.login(address).status, 401)
        self.assertEqual(self.login(address, "next password").status, 200)

    def test_delete_me_removes_the_account(self):
        address, _, tokens = self.session()
        self.assertEqual(self.call("DELETE", "/api/v1/users/me", token=tokens["access_token"]).status, 204)
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).status, 401)
        self.assertEqual(self.login(address).status, 401)

    def test_a_superuser_cannot_delete_itself(self):
        reply = self.call("DELETE", "/api/v1/users/me", token=self.admin())
        self.assertEqual(reply.status, 403, reply.body)

    # ------------------------------------------------------------------ who may do what
    def test_a_normal_user_gets_403_on_admin_routes(self):
        _, user, tokens = self.session()
        token = tokens["access_token"]
        for method, path, body in (("GET", "/api/v1/users/", None),
                                   ("POST", "/api/v1/users/", {"email": "x@example.com", "password": "zq8-lmno-p3"}),
                                   ("PATCH", f"/api/v1/users/{user['id']}", {"is_superuser": True}),
                                   ("DELETE", f"/api/v1/users/{user['id']}", None)):
            with self.subTest(method=method, path=path):
                reply = self.call(method, path, body, token=token)
                self.assertEqual(reply.status, 403, reply.body)

    def test_a_normal_user_sees_itself_and_nobody_else(self):
        _, other, _ = self.session()
        _, user, tokens = self.session()
        own = self.call("GET", f"/api/v1/users/{user['id']}", token=tokens["access_token"])
        self.assertEqual((own.status, own.json()), (200, user))
        theirs = self.call("GET", f"/api/v1/users/{other['id']}", token=tokens["access_token"])
        self.assertEqual(theirs.status, 404)
        missing = self.call("GET", f"/api/v1/users/{uuid.uuid4()}", token=tokens["access_token"])
        self.assertEqual(missing.status, 404)
        self.assertEqual(theirs.body, missing.body)

    def test_without_a_token_it_is_401(self):
        reply = self.call("GET", "/api/v1/users/")
        self.assertEqual(reply.status, 401)
        self.assertEqual(reply.headers["www-authenticate"], "Bearer")

    # ------------------------------------------------------------------ administration
    def test_a_superuser_lists_creates_reads_updates_and_deletes(self):
        admin = self.admin()
        address = f"made_{uuid.uuid4().hex[:8]}@example.com"
        created = self.call("POST", "/api/v1/users/", {"email": address, "password": "made password",
                                                        "email_verified": True}, token=admin)
        self.assertEqual(created.status, 201, created.body)
        user = created.json()
        self.assertTrue(user["email_verified"])
        self.assertEqual(self.call("POST", "/api/v1/users/", {"email": address, "password": "made password"},
                                   token=admin).status, 409)
        listing = self.call("GET", "/api/v1/users/?skip=0&limit=1000", token=admin).json()
        self.assertGreaterEqual(listing["count"], 2)
        # Oldest first: the new user is on the last page (the shared database keeps the users
        # of earlier runs).
        last = self.call("GET", f"/api/v1/users/?skip={max(listing['count'] - 10, 0)}&limit=1000",
                         token=admin).json()
        self.assertIn(user["id"], [u["id"] for u in last["data"]])
        stamps = [u["created_at"] for u in listing["data"]]
        self.assertEqual(stamps, sorted(stamps))
        self.assertEqual(self.call("GET", "/api/v1/users?limit=1", token=admin).json()["count"], listing["count"])
        self.assertEqual(self.call("GET", f"/api/v1/users/{user['id']}", token=admin).json(), user)

        session = self.login(address, "made password").json()
        patched = self.call("PATCH", f"/api/v1/users/{user['id']}", {"is_active": False, "full_name": "Off"},
                            token=admin)
        self.assertEqual(patched.status, 200, patched.body)
        self.assertFalse(patched.json()["is_active"])
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=session["access_token"]).status, 401)
        self.assertEqual(self.login(address, "made password").status, 403)

        self.assertEqual(self.call("DELETE", f"/api/v1/users/{user['id']}", token=admin).status, 204)
        self.assertEqual(self.call("GET", f"/api/v1/users/{user['id']}", token=admin).status, 404)
        self.assertEqual(self.call("DELETE", f"/api/v1/users/{user['id']}", token=admin).status, 404)

    def test_list_validates_skip_and_limit(self):
        reply = self.call("GET", "/api/v1/users/?limit=0", token=self.admin())
        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["detail"][0]["loc"], ["query", "limit"])

    def test_create_superuser_command_creates_then_promotes(self):
        address = f"cli_{uuid.uuid4().hex[:8]}@example.com"
        made = tessera("users", "create-superuser", "--email", address.upper(), "--password-stdin",
                       input="cli password\n", **db_env())
        self.assertEqual(made.returncode, 0, made.stderr)
        self.assertIn(f"created superuser {address}", made.stdout)
        again = tessera("users", "create-superuser", "--email", address, **db_env())
        self.assertEqual((again.returncode, again.stdout.strip()), (0, f"{address} is a superuser already"))
        token = self.login(address, "cli password").json()["access_token"]
        me = self.call("GET", "/api/v1/users/me", token=token).json()
        self.assertTrue(me["is_superuser"])
        self.assertTrue(me["email_verified"])

        plain, user = self.register()
        promoted = tessera("users", "create-superuser", "--email", plain, **db_env())
        self.assertEqual((promoted.returncode, promoted.stdout.strip()), (0, f"made {plain} a superuser"))
        token = self.login(plain).json()["access_token"]
        self.assertTrue(self.call("GET", "/api/v1/users/me", token=token).json()["is_superuser"])

    def test_create_superuser_command_refuses_bad_input(self):
        nobody = f"cli_{uuid.uuid4().hex[:8]}@example.com"
        cases = {"no password for a new user": (["--email", nobody], ""),
                 "short password": (["--email", nobody, "--password-stdin"], "short\n"),
                 "not an email": (["--email", "not-an-email", "--password-stdin"], "long enough 123\n")}
        for name, (args, stdin) in cases.items():
            with self.subTest(name):
                reply = tessera("users", "create-superuser", *args, input=stdin, **db_env())
                self.assertEqual(reply.returncode, 2, reply.stdout)
                self.assertTrue(reply.stderr.startswith("tessera users: "), reply.stderr)
        self.assertEqual(self.login(nobody, "long enough 123").status, 401)


    # ------------------------------------------------------------------ tasks of others
    def test_a_superuser_reads_any_task_and_a_user_only_its_own(self):
        sent = tessera("tasks", "call", "tessera.echo", "--args", '[1, "two"]', "-Q", self.queue, **db_env())
        self.assertEqual(sent.returncode, 0, sent.stderr)
        task_id = sent.stdout.strip()
        admin = self.admin()
        deadline = time.time() + 60
        task = {}
        while time.time() < deadline and task.get("status") != "SUCCESS":
            reply = self.call("GET", f"/api/v1/tasks/{task_id}", token=admin)
            task = reply.json() if reply.status == 200 else {}
            time.sleep(0.1)
        self.assertEqual(task.get("status"), "SUCCESS", task)
        self.assertEqual(task["name"], "tessera.echo")
        self.assertEqual(task["result"], [1, "two"])
        _, _, tokens = self.session()
        self.assertEqual(self.call("GET", f"/api/v1/tasks/{task_id}", token=tokens["access_token"]).status, 404)
        self.assertEqual(self.call("GET", f"/api/v1/tasks/{uuid.uuid4()}", token=admin).status, 404)


if __name__ == "__main__":
    unittest.main()
