"""API.md's Auth table through the real `tessera serve` and `tessera worker`, with the
PostgreSQL, Redis and SMTP sink of scripts/services."""

import base64
import collections
import concurrent.futures
import hashlib
import hmac
import json
import time
import unittest
import uuid

from accounts import ApiTestCase, claims_of, unique_client_address
from harness import BASE_ENV

SECRET = BASE_ENV["JWT_SECRET_KEY"]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(header, claims, secret=SECRET, digest=hashlib.sha256):
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signing_input.encode(), digest).digest()
    return signing_input + "." + b64url(signature)


class Accounts(ApiTestCase):
    # ------------------------------------------------------------------ register
    def test_register_answers_201_with_the_public_user(self):
        address, user = self.register(full_name="Ada")
        self.assertEqual(set(user), {"id", "email", "full_name", "is_active", "is_superuser",
                                     "email_verified", "two_factor_enabled", "created_at"})
        self.assertFalse(user["two_factor_enabled"])
        self.assertEqual(user["email"], address)
        self.assertEqual(user["full_name"], "Ada")
        self.assertTrue(user["is_active"])
        self.assertFalse(user["is_superuser"])
        self.assertFalse(user["email_verified"])

    def test_register_twice_is_409_whatever_the_case(self):
        address, _ = self.register()
        reply = self.call("POST", "/api/v1/auth/register", {"email": address.upper(), "password": "another one"})
        self.assertEqual(reply.status, 409, reply.body)
        self.assertIn("detail", reply.json())

    def test_register_validates_email_and_password(self):
        reply = self.call("POST", "/api/v1/auth/register", {"email": "not-an-email", "password": "short"})
        self.assertEqual(reply.status, 422)
        locs = sorted(tuple(e["loc"]) for e in reply.json()["detail"])
        self.assertEqual(locs, [("body", "email"), ("body", "password")])

    def test_the_verification_link_works_exactly_once(self):
        address, _, tokens = self.session()
        link = self.link_in(self.mail_to(address))
        path = link[link.index("/api/"):]
        first = self.call("GET", path)
        self.assertEqual((first.status, first.json()), (200, {"detail": "Email verified"}))
        again = self.call("GET", path)
        self.assertEqual(again.status, 400, again.body)
        me = self.call("GET", "/api/v1/users/me", token=tokens["access_token"])
        self.assertTrue(me.json()["email_verified"])

    def test_a_browser_following_the_link_is_sent_to_the_apps_page(self):
        address, _, tokens = self.session()
        link = self.link_in(self.mail_to(address))
        path = link[link.index("/api/"):]
        browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        first = self.call("GET", path, headers=browser)
        self.assertEqual(first.status, 303, first.body)
        self.assertEqual(first.headers["location"], "/verify-email?result=ok")
        self.assertTrue(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).json()["email_verified"])
        again = self.call("GET", path, headers=browser)
        self.assertEqual((again.status, again.headers["location"]), (303, "/verify-email?result=invalid"))
        # The page the browser lands on is the app's.
        page = self.call("GET", "/verify-email?result=ok", headers=browser)
        self.assertEqual(page.status, 200)
        self.assertTrue(page.headers["content-type"].startswith("text/html"))

    def test_verify_email_by_post_works_once(self):
        address, _, tokens = self.session()
        link = self.link_in(self.mail_to(address))
        token = link.split("token=", 1)[1]
        first = self.call("POST", "/api/v1/auth/verify-email", {"token": token})
        self.assertEqual((first.status, first.json()), (200, {"detail": "Email verified"}))
        self.assertEqual(self.call("POST", "/api/v1/auth/verify-email", {"token": token}).status, 400)
        self.assertTrue(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).json()["email_verified"])

    def test_verify_email_by_post_rejects_an_unknown_token(self):
        reply = self.call("POST", "/api/v1/auth/verify-email", {"token": "x" * 43})
        self.assertEqual(reply.status, 400)

    def test_resend_verification_sends_another_email(self):
        address, _, tokens = self.session()
        self.mail_to(address)
        reply = self.call("POST", "/api/v1/auth/resend-verification", token=tokens["access_token"])
        self.assertEqual(reply.status, 202, reply.body)
        statuses = [self.call("POST", "/api/v1/auth/resend-verification", token=tokens["access_token"]).status
                    for _ in range(3)]
        self.assertEqual(statuses[-1], 429)

    # ------------------------------------------------------------------ login
    def test_login_gives_a_token_pair_that_works(self):
        address, user, tokens = self.session()
        self.assertEqual(tokens["token_type"], "bearer")
        self.assertEqual(tokens["expires_in"], 30 * 60)
        claims = claims_of(tokens["access_token"])
        self.assertEqual(claims["sub"], user["id"])
        self.assertEqual(claims["type"], "access")
        self.assertEqual((claims["iss"], claims["aud"]), ("tessera", "tessera-api"))
        head = tokens["access_token"].split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT"})
        for claim in ("exp", "iat", "jti", "sid"):
            self.assertIn(claim, claims)
        me = self.call("GET", "/api/v1/users/me", token=tokens["access_token"])
        self.assertEqual(me.status, 200, me.body)
        self.assertEqual(me.json(), user)

    def test_token_responses_are_never_cached(self):
        # API.md: responses carrying tokens have Cache-Control: no-store (RFC 6749 §5.1).
        address, _ = self.register()
        login = self.login(address)
        self.assertEqual(login.status, 200, login.body)
        self.assertEqual(login.headers["cache-control"], "no-store")
        self.assertEqual(login.headers["pragma"], "no-cache")
        self.assertEqual(login.headers["x-content-type-options"], "nosniff")
        fresh = self.call("POST", "/api/v1/auth/refresh", {"refresh_token": login.json()["refresh_token"]})
        self.assertEqual(fresh.status, 200, fresh.body)
        self.assertEqual(fresh.headers["cache-control"], "no-store")
        self.assertEqual(fresh.headers["pragma"], "no-cache")

    def test_wrong_password_and_unknown_email_look_the_same(self):
        address, _ = self.register()
        wrong = self.login(address, "wrong password")
        unknown = self.login("nobody_" + address, "wrong password")
        self.assertEqual(wrong.status, 401)
        self.assertEqual(unknown.status, 401)
        self.assertEqual(wrong.body, unknown.body)
        self.assertEqual(wrong.json(), {"detail": "Incorrect email or password"})
        self.assertEqual(wrong.headers["www-authenticate"], "Bearer")
        self.assertEqual(unknown.headers["www-authenticate"], "Bearer")

    def test_five_failures_lock_the_email_even_for_the_right_password(self):
        address, _ = self.register()
        for _ in range(5):
            self.assertEqual(self.login(address, "wrong password").status, 401)
        locked = self.login(address)
        self.assertEqual(locked.status, 429, locked.body)
        self.assertGreater(int(locked.headers["retry-after"]), 0)

    def test_forty_wrong_passwords_at_once_give_at_most_five_401s(self):
        address, _ = self.register()
        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
            replies = list(pool.map(lambda _: self.login(address, "wrong password"), range(40)))
        statuses = collections.Counter(reply.status for reply in replies)
        self.assertLessEqual(statuses[401], 5, statuses)
        self.assertEqual(statuses[401] + statuses[429], 40, statuses)
        # Counted before the check: the right password inside the window is refused too.
        self.assertEqual(self.login(address).status, 429)

    def test_a_right_password_does_not_count_as_a_failure(self):
        address, _ = self.register()
        for _ in range(4):
            self.assertEqual(self.login(address, "wrong password").status, 401)
        for _ in range(3):
            self.assertEqual(self.login(address).status, 200)
        self.assertEqual(self.login(address, "wrong password").status, 401)  # the fifth failure
        self.assertEqual(self.login(address).status, 429)

    def test_an_email_is_one_account_whatever_its_ascii_case_and_a_look_alike_is_another(self):
        tag = uuid.uuid4().hex[:8]
        reply = self.call("POST", "/api/v1/auth/register",
                          {"email": f"Kate_{tag}@Example.COM", "password": "correct horse"})
        self.assertEqual(reply.status, 201, reply.body)
        self.assertEqual(reply.json()["email"], f"kate_{tag}@example.com")  # stored normalised
        self.assertEqual(self.login(f"KATE_{tag}@example.com").status, 200)
        taken = self.call("POST", "/api/v1/auth/register",
                          {"email": f"kAtE_{tag}@example.com", "password": "correct horse"})
        self.assertEqual(taken.status, 409)
        # U+212A KELVIN SIGN looks like K; a locale's lower() makes it k. Here it is another
        # address: it finds no account (and is a rate-limit key of its own).
        self.assertEqual(self.login(f"\u212aate_{tag}@example.com").status, 401)

    # ------------------------------------------------------------------ limits and passwords
    def test_a_common_password_is_refused_whatever_its_case(self):
        for password in ("password1", "PassWord1", "iloveyou"):
            reply = self.call("POST", "/api/v1/auth/register",
                              {"email": f"c_{uuid.uuid4().hex[:8]}@example.com", "password": password},
                              headers={"X-Forwarded-For": unique_client_address()})
            self.assertEqual(reply.status, 422, reply.body)
            [item] = reply.json()["detail"]
            self.assertEqual(item["type"], "password_too_common")
            self.assertEqual(item["loc"], ["body", "password"])
            self.assertNotIn("input", item)

    def test_registrations_are_limited_per_client_address_even_in_parallel(self):
        client = unique_client_address()

        def attempt(n):
            return self.call("POST", "/api/v1/auth/register",
                             {"email": f"r{n}_{uuid.uuid4().hex[:8]}@example.com", "password": "correct horse"},
                             headers={"X-Forwarded-For": client})

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            replies = list(pool.map(attempt, range(16)))
        counts = collections.Counter(r.status for r in replies)
        print(f"\n16 parallel registrations from one address: {dict(counts)}")
        self.assertEqual(counts, {201: 10, 429: 6})
        limited = next(r for r in replies if r.status == 429)
        self.assertGreater(int(limited.headers["retry-after"]), 0)
        # Another client is not affected.
        self.register()

    def test_an_email_change_counts_against_the_verification_email_limit(self):
        _, _, tokens = self.session()
        token = tokens["access_token"]
        statuses = [self.call("PATCH", "/api/v1/users/me", {"email": f"n{n}_{uuid.uuid4().hex[:8]}@example.com"},
                              token=token).status for n in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        # The same limit: no resend either; a name change is not limited.
        self.assertEqual(self.call("POST", "/api/v1/auth/resend-verification", token=token).status, 429)
        self.assertEqual(self.call("PATCH", "/api/v1/users/me", {"full_name": "Still me"}, token=token).status, 200)

    def test_uploads_are_limited_per_user(self):
        _, _, tokens = self.session()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        boundary = "limit" + uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\nnot an image\r\n--{boundary}--\r\n")
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"

        def attempt(_):
            return self.server.request("POST", "/api/v1/images/", body=body, headers=headers).status

        # Counted before the bytes are read: refused uploads count too.
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            counts = collections.Counter(pool.map(attempt, range(130)))
        print(f"\n130 parallel uploads of one user: {dict(counts)}")
        self.assertEqual(counts, {415: 120, 429: 10})

    # ------------------------------------------------------------------ refresh and logout
    def test_refresh_rotates_and_a_reused_token_revokes_the_session(self):
        _, _, tokens = self.session()
        fresh = self.call("POST", "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
        self.assertEqual(fresh.status, 200, fresh.body)
        pair = fresh.json()
        self.assertNotEqual(pair["refresh_token"], tokens["refresh_token"])
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=pair["access_token"]).status, 200)
        reused = self.call("POST", "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
        self.assertEqual(reused.status, 401)
        self.assertEqual(reused.headers["www-authenticate"], "Bearer")
        # The thief's reuse ends the whole session, the rightful holder's tokens included.
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=pair["access_token"]).status, 401)
        again = self.call("POST", "/api/v1/auth/refresh", {"refresh_token": pair["refresh_token"]})
        self.assertEqual(again.status, 401)

    def test_logout_kills_the_access_token_at_once(self):
        _, _, tokens = self.session()
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).status, 200)
        self.assertEqual(self.call("POST", "/api/v1/auth/logout", token=tokens["access_token"]).status, 204)
        me = self.call("GET", "/api/v1/users/me", token=tokens["access_token"])
        self.assertEqual(me.status, 401)
        refresh = self.call("POST", "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
        self.assertEqual(refresh.status, 401)

    # ------------------------------------------------------------------ password recovery
    def test_recovery_answers_the_same_for_unknown_emails(self):
        address, _ = self.register()
        known = self.call("POST", "/api/v1/auth/password-recovery", {"email": address})
        unknown = self.call("POST", "/api/v1/auth/password-recovery", {"email": "nobody_" + address})
        self.assertEqual(known.status, 202, known.body)
        self.assertEqual(unknown.status, 202, unknown.body)
        self.assertEqual(known.body, unknown.body)

    def test_reset_sets_the_password_once_and_revokes_sessions(self):
        address, _, tokens = self.session()
        self.assertEqual(self.call("POST", "/api/v1/auth/password-recovery", {"email": address}).status, 202)
        token = self.token_in(self.mail_to(address, subject_has="reset"), "reset-password")
        reset = self.call("POST", "/api/v1/auth/reset-password", {"token": token, "new_password": "brand new pass"})
        self.assertEqual(reset.status, 200, reset.body)
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=tokens["access_token"]).status, 401)
        self.assertEqual(self.login(address).status, 401)
        self.assertEqual(self.login(address, "brand new pass").status, 200)
        again = self.call("POST", "/api/v1/auth/reset-password", {"token": token, "new_password": "third password"})
        self.assertEqual(again.status, 400)

    def test_reset_with_an_unknown_token_is_400(self):
        reply = self.call("POST", "/api/v1/auth/reset-password", {"token": "y" * 43, "new_password": "whatever123"})
        self.assertEqual(reply.status, 400)

    def test_recovery_is_rate_limited(self):
        address, _ = self.register()
        statuses = [self.call("POST", "/api/v1/auth/password-recovery", {"email": address}).status
                    for _ in range(4)]
        self.assertEqual(statuses, [202, 202, 202, 429])

    # ------------------------------------------------------------------ bad tokens
    def test_bad_tokens_are_401_with_www_authenticate(self):
        _, user, tokens = self.session()
        good = claims_of(tokens["access_token"])
        now = int(time.time())
        header = {"alg": "HS256", "typ": "JWT"}
        parts = tokens["access_token"].split(".")
        tampered_payload = b64url(json.dumps({**good, "sub": str(uuid.uuid4())}).encode())
        cases = {
            "none": None,
            "garbage": "not.a.token",
            "tampered": parts[0] + "." + tampered_payload + "." + parts[2],
            "bad signature": make_jwt(header, good, secret="another secret that is long enough 0123"),
            "expired": make_jwt(header, {**good, "exp": now - 10, "iat": now - 100}),
            "alg none": b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "."
                        + b64url(json.dumps(good).encode()) + ".",
            "wrong alg": make_jwt({"alg": "HS512", "typ": "JWT"}, good, digest=hashlib.sha512),
            "refresh type": make_jwt(header, {**good, "type": "refresh"}),
            "no issuer": make_jwt(header, {k: v for k, v in good.items() if k != "iss"}),
            "another issuer": make_jwt(header, {**good, "iss": "someone-else"}),
            "no audience": make_jwt(header, {k: v for k, v in good.items() if k != "aud"}),
            "another audience": make_jwt(header, {**good, "aud": "another-api"}),
            "another typ": make_jwt({"alg": "HS256", "typ": "JWS"}, good),
            "HS512 header, HS256 signature": make_jwt({"alg": "HS512", "typ": "JWT"}, good),
            "signature of the same length": tokens["access_token"].rsplit(".", 1)[0] + "."
                                            + b64url(bytes(32)),
        }
        for name, token in cases.items():
            with self.subTest(name):
                reply = self.call("GET", "/api/v1/users/me", token=token)
                self.assertEqual(reply.status, 401, reply.body)
                self.assertEqual(reply.headers["www-authenticate"], "Bearer")
                self.assertIn("detail", reply.json())
        # The same claims signed the right way are accepted: the cases above fail for their flaw.
        self.assertEqual(self.call("GET", "/api/v1/users/me", token=make_jwt(header, good)).status, 200)


if __name__ == "__main__":
    unittest.main()
