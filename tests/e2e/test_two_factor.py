"""API.md's "Two-factor authentication": set-up, confirmation, the login's second step with a
TOTP or a recovery code, codes accepted once, the factor's own limit, a reset that needs the
factor, turning it off by its user and by a superuser. Through the real `tessera serve` and
`tessera worker` with the servers of scripts/services; the codes are computed here (RFC 6238)."""

import base64
import collections
import concurrent.futures
import hashlib
import hmac
import struct
import time
import unittest
import uuid

from accounts import ApiTestCase, unique_client_address
from harness import wait_until

SETUP = "/api/v1/users/me/2fa/setup"
CONFIRM = "/api/v1/users/me/2fa/confirm"
TWO_FACTOR = "/api/v1/users/me/2fa"
SECOND_STEP = "/api/v1/auth/login/2fa"
ADMIN_PASSWORD = "admin password 1"


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def wrong_code(secret):
    """Six digits that are no code of the steps the server accepts now."""
    now = int(time.time()) // 30
    valid = {totp(secret, s) for s in range(now - 2, now + 3)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in valid)


class Authenticator:
    """An authenticator app: each code it hands out is of a step it has not used yet, within
    the ±1 step the server accepts."""

    def __init__(self, secret):
        self.secret, self.used = secret, set()

    def code(self):
        def free_step():
            now = int(time.time()) // 30
            return next((s for s in (now, now + 1, now - 1) if s not in self.used), None)

        wait_until(lambda: free_step() is not None, "a time step whose code is unused", timeout=90)
        step = free_step()
        self.used.add(step)
        return totp(self.secret, step)


class TwoFactor(ApiTestCase):
    admin_email = f"admin_{uuid.uuid4().hex[:8]}@example.com"
    extra_settings = {"FIRST_SUPERUSER": admin_email, "FIRST_SUPERUSER_PASSWORD": ADMIN_PASSWORD}

    def setUp(self):
        super().setUp()
        for key in self.redis.scan_iter("tessera:2fa_failures:*"):
            self.redis.delete(key)

    def with_two_factor(self):
        """A user with 2FA on: (email, access token, authenticator, recovery codes)."""
        address, _, tokens = self.session()
        token = tokens["access_token"]
        setup = self.call("POST", SETUP, {"password": "correct horse"}, token=token)
        self.assertEqual(setup.status, 200, setup.body)
        app = Authenticator(setup.json()["secret"])
        confirm = self.call("POST", CONFIRM, {"code": app.code()}, token=token)
        self.assertEqual(confirm.status, 200, confirm.body)
        return address, token, app, confirm.json()["recovery_codes"]

    def first_step(self, address, password="correct horse"):
        reply = self.login(address, password)
        self.assertEqual(reply.status, 403, reply.body)
        body = reply.json()
        self.assertEqual(body["detail"], "Two-factor code required")
        self.assertIs(body["mfa_required"], True)
        self.assertEqual(reply.headers.get("cache-control"), "no-store")
        return body["mfa_token"]

    def second_step(self, mfa_token, code):
        return self.call("POST", SECOND_STEP, {"mfa_token": mfa_token, "code": code})

    # ------------------------------------------------------------------ set-up
    def test_setup_gives_a_secret_its_uri_and_a_qr_code_and_needs_the_password(self):
        address, _, tokens = self.session()
        token = tokens["access_token"]
        wrong = self.call("POST", SETUP, {"password": "not it at all"}, token=token)
        self.assertEqual(wrong.status, 400, wrong.body)
        setup = self.call("POST", SETUP, {"password": "correct horse"}, token=token)
        self.assertEqual(setup.status, 200, setup.body)
        body = setup.json()
        self.assertRegex(body["secret"], r"^[A-Z2-7]{32}$")
        self.assertTrue(body["otpauth_uri"].startswith("otpauth://totp/Tessera:"), body["otpauth_uri"])
        self.assertIn("secret=" + body["secret"], body["otpauth_uri"])
        self.assertIn("issuer=Tessera", body["otpauth_uri"])
        self.assertTrue(body["qr_svg"].startswith("<svg"), body["qr_svg"][:80])
        self.assertTrue(body["qr_svg"].rstrip().endswith("</svg>"))
        self.assertNotIn("<script", body["qr_svg"])
        # Pending until confirmed: the login needs no code yet, and a wrong code confirms nothing.
        self.assertEqual(self.login(address).status, 200)
        bad = self.call("POST", CONFIRM, {"code": wrong_code(body["secret"])}, token=token)
        self.assertEqual(bad.status, 400, bad.body)
        me = self.call("GET", "/api/v1/users/me", token=token).json()
        self.assertIs(me["two_factor_enabled"], False)

    def test_confirm_without_setup_is_400(self):
        _, _, tokens = self.session()
        reply = self.call("POST", CONFIRM, {"code": "123456"}, token=tokens["access_token"])
        self.assertEqual(reply.status, 400, reply.body)

    def test_confirm_turns_it_on_with_ten_recovery_codes(self):
        address, token, app, codes = self.with_two_factor()
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        me = self.call("GET", "/api/v1/users/me", token=token).json()
        self.assertIs(me["two_factor_enabled"], True)
        again = self.call("POST", SETUP, {"password": "correct horse"}, token=token)
        self.assertEqual(again.status, 409, again.body)
        # Codes are stored as digests: no code appears in the database.
        import subprocess
        from accounts import db_env
        env = db_env()
        rows = subprocess.run(["psql", "-At", "-h", env["DB_HOST"], "-p", env["DB_PORT"], "-U", env["DB_USER"],
                               env["DB_NAME"], "-c",
                               f"SELECT code_digest FROM recovery_codes JOIN users ON users.id = user_id "
                               f"WHERE email = '{address}'"],
                              env={"PGPASSWORD": env.get("DB_PASS", ""), "PATH": "/usr/bin:/bin"},
                              capture_output=True, text=True)
        stored = rows.stdout.split()
        self.assertEqual(len(stored), 10, rows.stderr)
        for code in codes:
            self.assertNotIn(code, rows.stdout)
            self.assertNotIn(code.replace("-", ""), rows.stdout)

    # ------------------------------------------------------------------ the login's second step
    def test_login_with_a_code_and_a_replayed_code_is_refused(self):
        address, _, app, _ = self.with_two_factor()
        mfa_token = self.first_step(address)
        wrong = self.second_step(mfa_token, "12345")
        self.assertEqual(wrong.status, 401, wrong.body)
        code = app.code()
        ok = self.second_step(mfa_token, code)
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(ok.headers.get("cache-control"), "no-store")
        tokens = ok.json()
        self.assertEqual(tokens["token_type"], "bearer")
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).status, 200)
        # The mfa token is single use, and so is the code, even with a new first step.
        self.assertEqual(self.second_step(mfa_token, app.code()).status, 401)
        replay = self.second_step(self.first_step(address), code)
        self.assertEqual(replay.status, 401, replay.body)

    def test_login_with_a_recovery_code_once(self):
        address, _, _, codes = self.with_two_factor()
        ok = self.second_step(self.first_step(address), codes[3].upper())
        self.assertEqual(ok.status, 200, ok.body)
        again = self.second_step(self.first_step(address), codes[3])
        self.assertEqual(again.status, 401, again.body)
        other = self.second_step(self.first_step(address), codes[4])
        self.assertEqual(other.status, 200, other.body)

    def test_a_forged_mfa_token_is_401(self):
        reply = self.second_step("x" * 43, "123456")
        self.assertEqual(reply.status, 401, reply.body)

    def test_wrong_codes_are_limited_per_user_even_in_parallel(self):
        address, _, app, _ = self.with_two_factor()
        mfa_token = self.first_step(address)
        right = app.code()
        wrong = wrong_code(app.secret)

        def attempt(_):
            return self.second_step(mfa_token, wrong).status

        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            counts = collections.Counter(pool.map(attempt, range(20)))
        print(f"\n20 parallel wrong codes: {dict(counts)}")
        self.assertLessEqual(counts[401], 5, counts)
        self.assertEqual(counts[401] + counts[429], 20, counts)
        limited = self.second_step(mfa_token, right)
        self.assertEqual(limited.status, 429, limited.body)
        self.assertGreater(int(limited.headers["retry-after"]), 0)

    # ------------------------------------------------------------------ reset and disable
    def test_reset_needs_the_second_factor(self):
        address, _, app, _ = self.with_two_factor()
        self.call("POST", "/api/v1/auth/password-recovery", {"email": address},
                  headers={"X-Forwarded-For": unique_client_address()})
        token = self.token_in(self.mail_to(address, subject_has="reset"), "reset-password")
        without = self.call("POST", "/api/v1/auth/reset-password", {"token": token, "new_password": "brand new pass"})
        self.assertEqual(without.status, 400, without.body)
        wrong = self.call("POST", "/api/v1/auth/reset-password",
                          {"token": token, "new_password": "brand new pass", "code": "12345x"})
        self.assertEqual(wrong.status, 400, wrong.body)
        # The token survived the refusals; with the code the reset goes through.
        ok = self.call("POST", "/api/v1/auth/reset-password",
                       {"token": token, "new_password": "brand new pass", "code": app.code()})
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(self.login(address).status, 401)
        self.first_step(address, "brand new pass")  # 2FA is still on

    def test_disable_needs_password_and_code(self):
        address, token, app, codes = self.with_two_factor()
        no_password = self.call("DELETE", TWO_FACTOR, {"password": "not it at all", "code": app.code()}, token=token)
        self.assertEqual(no_password.status, 400, no_password.body)
        no_code = self.call("DELETE", TWO_FACTOR, {"password": "correct horse", "code": "99999x"}, token=token)
        self.assertEqual(no_code.status, 400, no_code.body)
        ok = self.call("DELETE", TWO_FACTOR, {"password": "correct horse", "code": codes[0]}, token=token)
        self.assertEqual(ok.status, 204, ok.body)
        self.assertIs(self.call("GET", "/api/v1/users/me", token=token).json()["two_factor_enabled"], False)
        self.assertEqual(self.login(address).status, 200)
        again = self.call("DELETE", TWO_FACTOR, {"password": "correct horse", "code": codes[1]}, token=token)
        self.assertEqual(again.status, 400, again.body)

    def test_a_superuser_turns_it_off(self):
        address, token, _, _ = self.with_two_factor()
        user_id = self.call("GET", "/api/v1/users/me", token=token).json()["id"]
        own = self.call("PATCH", f"/api/v1/users/{user_id}", {"two_factor_enabled": False}, token=token)
        self.assertEqual(own.status, 403, own.body)
        login = self.login(self.admin_email, ADMIN_PASSWORD)
        self.assertEqual(login.status, 200, login.body)
        admin = login.json()["access_token"]
        on = self.call("PATCH", f"/api/v1/users/{user_id}", {"two_factor_enabled": True}, token=admin)
        self.assertEqual(on.status, 400, on.body)
        off = self.call("PATCH", f"/api/v1/users/{user_id}", {"two_factor_enabled": False}, token=admin)
        self.assertEqual(off.status, 200, off.body)
        self.assertIs(off.json()["two_factor_enabled"], False)
        self.assertEqual(self.login(address).status, 200)


if __name__ == "__main__":
    unittest.main()
