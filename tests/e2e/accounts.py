"""A running API and worker on the servers of scripts/services, and the calls the account
tests make (register, log in, read the mail the worker sent)."""

import base64
import email
import email.policy
import glob
import itertools
import json
import os
import random
import re
import time
import unittest
import urllib.parse
import uuid

from harness import BASE_ENV, Server, TESSERA_BIN
from workers import redis_client, tessera, tessera_worker


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def db_env():
    return {name: os.environ[name] for name in ("DB_HOST", "DB_PORT", "DB_USER", "DB_PASS", "DB_NAME",
                                                "SMTP_HOST", "SMTP_PORT") if name in os.environ}


def migrate():
    migrated = tessera("db", "upgrade", "head", MIGRATIONS_DIR=os.path.join(
        os.environ.get("TESSERA_SOURCE_DIR", "."), "migrations"), **db_env())
    assert migrated.returncode == 0, migrated.stderr


# A random start: the limits' counts outlive a run of the suites (they last up to an hour).
_client_serial = itertools.count(random.randrange(1 << 17))


def unique_client_address():
    """A client address of its own (198.18.0.0/15, the range set aside for tests)."""
    n = next(_client_serial) % (1 << 17)
    return f"198.{18 + (n >> 16) % 2}.{(n >> 8) & 255}.{n & 255}"


class ApiTestCase(unittest.TestCase):
    """One API server and one worker (with the product's tasks) for the whole class."""

    extra_settings = {}

    @classmethod
    def setUpClass(cls):
        for name in ("DB_HOST", "REDIS_HOST", "SMTP_HOST", "SMTP_MAILDIR"):
            assert name in os.environ, "run through scripts/test (it starts the servers)"
        migrate()
        cls.queue = "e2e_accounts_" + uuid.uuid4().hex[:8]
        # Registrations are limited per client address (10 an hour) and every test comes from
        # 127.0.0.1: register() names a client of its own through X-Forwarded-For, as a
        # proxy would, so the suites' users do not share one count.
        settings = {"WORKER_QUEUES": cls.queue, "FORWARDED_ALLOW_IPS": "127.0.0.1", **db_env(),
                    **cls.extra_settings}
        cls.server = Server(env=settings)
        cls.worker = tessera_worker(cls.queue, binary=TESSERA_BIN, **settings)
        cls.redis = redis_client()

    @classmethod
    def tearDownClass(cls):
        cls.worker.close()
        cls.server.stop()

    def setUp(self):
        # The limiters count per client address too, and every test comes from 127.0.0.1.
        for pattern in ("tessera:login_failures:*", "tessera:password_recovery:*", "tessera:registrations:*"):
            for key in self.redis.scan_iter(pattern):
                self.redis.delete(key)

    # ------------------------------------------------------------------ helpers
    def call(self, method, path, body=None, token=None, form=None, headers=None):
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.server.request(method, path, body=data, headers=headers)

    def register(self, password="correct horse", **extra):
        address = f"user_{uuid.uuid4().hex[:10]}@example.com"
        reply = self.call("POST", "/api/v1/auth/register", {"email": address, "password": password, **extra},
                          headers={"X-Forwarded-For": unique_client_address()})
        self.assertEqual(reply.status, 201, reply.body)
        return address, reply.json()

    def login(self, address, password="correct horse"):
        return self.call("POST", "/api/v1/auth/login", form={"username": address, "password": password})

    def session(self):
        address, user = self.register()
        reply = self.login(address)
        self.assertEqual(reply.status, 200, reply.body)
        return address, user, reply.json()

    def mail_to(self, address, subject_has="", timeout=30):
        """The message the sink received for `address` (waits for the worker to send it)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for path in glob.glob(os.path.join(os.environ["SMTP_MAILDIR"], "new", "*")):
                with open(path, "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
                if message["To"] == address and subject_has.lower() in message["Subject"].lower():
                    return message
            time.sleep(0.1)
        self.fail(f"no email for {address}:\n{self.worker.log()[-3000:]}")

    def link_in(self, message):
        text = message.get_body(("plain",)).get_content()
        match = re.search(r"http://\S+/api/v1/auth/verify-email\?token=[A-Za-z0-9_-]+", text)
        self.assertIsNotNone(match, text)
        return match.group(0)

    def token_in(self, message, path):
        text = message.get_body(("plain",)).get_content()
        match = re.search(rf"/{path}\?token=([A-Za-z0-9_-]+)", text)
        self.assertIsNotNone(match, text)
        return match.group(1)
