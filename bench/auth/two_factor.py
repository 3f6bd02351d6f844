"""Logins per second with and without two-factor authentication, in one run against a
running `tessera serve` (bench/auth/two_factor starts one). USERS accounts with 2FA on and
USERS without; each login with 2FA is the password step (403 with an mfa_token) and then
POST /auth/login/2fa with a TOTP code computed here. A code is accepted once per user and
30 s step, so every account logs in once per pass. Prints
"plain_logins_per_s two_factor_logins_per_s failed".

    two_factor.py BASE_URL USERS THREADS
"""

import base64
import concurrent.futures
import hashlib
import hmac
import http.client
import json
import struct
import sys
import time
import urllib.parse
import uuid

PASSWORD = "bench password 1"


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Client:
    def __init__(self, base):
        url = urllib.parse.urlparse(base)
        self.host, self.port = url.hostname, url.port

    def call(self, method, path, body=None, form=None, token=None, client=None):
        headers = {}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body), "application/json"
        if form is not None:
            data, headers["Content-Type"] = urllib.parse.urlencode(form), "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if client:
            headers["X-Forwarded-For"] = client
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            return response.status, json.loads(payload) if payload else None
        finally:
            conn.close()


def make_user(api, n, two_factor):
    email = f"tf_{uuid.uuid4().hex[:10]}@example.com"
    client = f"10.99.{n // 256}.{n % 256}"
    # A busy CPU pool answers 503 with Retry-After (right after the registration bursts).
    status = 503
    while status == 503:
        status, _ = api.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD}, client=client)
        if status == 503:
            time.sleep(1)
    assert status == 201, status
    if not two_factor:
        return email, None
    _, tokens = api.call("POST", "/api/v1/auth/login", form={"username": email, "password": PASSWORD}, client=client)
    token = tokens["access_token"]
    _, setup = api.call("POST", "/api/v1/users/me/2fa/setup", {"password": PASSWORD}, token=token)
    secret = setup["secret"]
    # The confirmation uses the previous step's code, so that the current one stays free.
    status, _ = api.call("POST", "/api/v1/users/me/2fa/confirm",
                         {"code": totp(secret, int(time.time()) // 30 - 1)}, token=token)
    assert status == 200, status
    return email, secret


def login(api, n, email, secret):
    client = f"10.98.{n // 256}.{n % 256}"
    status, body = api.call("POST", "/api/v1/auth/login", form={"username": email, "password": PASSWORD},
                            client=client)
    if secret is None:
        return status == 200
    if status != 403:
        return False
    status, _ = api.call("POST", "/api/v1/auth/login/2fa",
                         {"mfa_token": body["mfa_token"], "code": totp(secret, int(time.time()) // 30)},
                         client=client)
    return status == 200


def timed(pool, api, users):
    start = time.perf_counter()
    outcomes = list(pool.map(lambda item: login(api, item[0], *item[1]), enumerate(users)))
    return len(users) / (time.perf_counter() - start), outcomes.count(False)


def main():
    base, count, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    api = Client(base)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        plain = list(pool.map(lambda n: make_user(api, n, False), range(count)))
        protected = list(pool.map(lambda n: make_user(api, count + n, True), range(count)))
        # All logins of a pass fall in one 30 s step: wait for a fresh one if this one is
        # nearly over (a code accepted once per step and user).
        while time.time() % 30 > 10:
            time.sleep(0.5)
        plain_rate, plain_failed = timed(pool, api, plain)
        protected_rate, protected_failed = timed(pool, api, protected)
    print(f"{plain_rate:.1f} {protected_rate:.1f} {plain_failed + protected_failed}")


if __name__ == "__main__":
    main()
