"""API.md's refresh rules, the Sessions table and the client address behind a trusted proxy
(FORWARDED_ALLOW_IPS), through the real `tessera serve` and `tessera worker`, with the
PostgreSQL, Redis and SMTP sink of scripts/services. The server trusts 127.0.0.1, where the
tests connect from, so X-Forwarded-For names the client."""

import base64
import collections
import concurrent.futures
import datetime
import os
import re
import threading
import unittest
import uuid

from accounts import ApiTestCase, claims_of, db_env
from harness import Server

SESSIONS = "/api/v1/users/me/sessions/"
ME = "/api/v1/users/me"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
SESSION_FIELDS = {"id", "created_at", "last_used_at", "expires_at", "user_agent", "ip", "current"}


def timestamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def unique_email(tag="nobody"):
    return f"{tag}_{uuid.uuid4().hex[:12]}@example.com"


class Sessions(ApiTestCase):
    extra_settings = {"FORWARDED_ALLOW_IPS": "127.0.0.1"}

    # ------------------------------------------------------------------ helpers
    def login_from(self, address, password="correct horse", user_agent=None, forwarded_for=None):
        headers = {}
        if user_agent is not None:
            headers["User-Agent"] = user_agent
        if forwarded_for is not None:
            headers["X-Forwarded-For"] = forwarded_for
        return self.call("POST", "/api/v1/auth/login", form={"username": address, "password": password},
                         headers=headers)

    def open_session(self, address, **kw):
        reply = self.login_from(address, **kw)
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json()

    def refresh(self, refresh_token):
        return self.call("POST", "/api/v1/auth/refresh", {"refresh_token": refresh_token})

    def me_status(self, tokens):
        return self.call("GET", ME, token=tokens["access_token"]).status

    def listed(self, tokens):
        reply = self.call("GET", SESSIONS, token=tokens["access_token"])
        self.assertEqual(reply.status, 200, reply.body)
        body = reply.json()
        self.assertEqual(set(body), {"data", "count"})
        self.assertEqual(body["count"], len(body["data"]), body)
        return body["data"]

    def assert_ended(self, tokens):
        self.assertEqual(self.me_status(tokens), 401)
        self.assertEqual(self.refresh(tokens["refresh_token"]).status, 401)

    # ------------------------------------------------------------------ refresh rules
    def test_a_forged_refresh_token_is_401_and_changes_nothing(self):
        _, _, tokens = self.session()
        sid = claims_of(tokens["access_token"])["sid"]
        self.assertTrue(tokens["refresh_token"].startswith(sid + "."), tokens["refresh_token"])
        forged = sid + "." + base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
        for _ in range(2):  # presented twice: a second time is not a "reuse" either
            reply = self.refresh(forged)
            self.assertEqual(reply.status, 401, reply.body)
            self.assertEqual(reply.headers["www-authenticate"], "Bearer")
        self.assertEqual(self.me_status(tokens), 200)
        fresh = self.refresh(tokens["refresh_token"])
        self.assertEqual(fresh.status, 200, fresh.body)
        self.assertEqual(self.me_status(tokens), 200)
        self.assertEqual(self.me_status(fresh.json()), 200)

    def test_a_used_refresh_token_presented_again_ends_the_session(self):
        _, _, tokens = self.session()
        fresh = self.refresh(tokens["refresh_token"])
        self.assertEqual(fresh.status, 200, fresh.body)
        self.assertEqual(self.refresh(tokens["refresh_token"]).status, 401)
        self.assert_ended(fresh.json())

    def test_twenty_parallel_refreshes_with_one_token_give_at_most_one_200(self):
        _, _, tokens = self.session()
        parallel = 20
        barrier = threading.Barrier(parallel)

        def refresh(_):
            barrier.wait(timeout=30)
            return self.refresh(tokens["refresh_token"])  # a connection of its own

        with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
            replies = list(pool.map(refresh, range(parallel)))
        statuses = collections.Counter(reply.status for reply in replies)
        print(f"\n20 parallel refreshes with one token: {dict(statuses)}")
        self.assertLessEqual(statuses[200], 1, statuses)
        self.assertEqual(statuses[200] + statuses[401], parallel, statuses)

    # ------------------------------------------------------------------ listing
    def test_the_list_shows_each_login_newest_first_with_its_client(self):
        address, _ = self.register()
        first = self.open_session(address, user_agent="SessionsTest/1.0 (first)",
                                  forwarded_for="198.51.100.10")
        second = self.open_session(address, user_agent="SessionsTest/2.0 (second)",
                                   forwarded_for="198.51.100.20")
        first_sid = claims_of(first["access_token"])["sid"]
        second_sid = claims_of(second["access_token"])["sid"]

        data = self.listed(second)
        self.assertEqual(len(data), 2, data)
        for session in data:
            self.assertEqual(set(session), SESSION_FIELDS, session)
            for field in ("created_at", "last_used_at", "expires_at"):
                self.assertRegex(session[field], RFC3339)
            created, used, expires = (timestamp(session[f]) for f in ("created_at", "last_used_at", "expires_at"))
            self.assertGreaterEqual(used, created, session)
            self.assertGreater(expires, used, session)
        by_id = {s["id"]: (s["user_agent"], s["ip"], s["current"]) for s in data}
        self.assertEqual(by_id, {second_sid: ("SessionsTest/2.0 (second)", "198.51.100.20", True),
                                 first_sid: ("SessionsTest/1.0 (first)", "198.51.100.10", False)})

        # Seen from the other session, `current` moves with the caller.
        other_view = self.listed(first)
        self.assertEqual({s["id"]: s["current"] for s in other_view}, {first_sid: True, second_sid: False})

        # Newest first (checked last: the rest holds whatever the order).
        self.assertGreaterEqual(timestamp(data[0]["created_at"]), timestamp(data[1]["created_at"]))
        self.assertEqual([s["id"] for s in data], [second_sid, first_sid], data)

    def test_many_logins_are_listed_in_the_order_they_happened(self):
        # Logins in quick succession (within one second, usually): still newest first.
        address, _ = self.register()
        sessions = [self.open_session(address, user_agent=f"SessionsTest/order-{i}") for i in range(5)]
        data = self.listed(sessions[-1])
        self.assertEqual([s["user_agent"] for s in data],
                         [f"SessionsTest/order-{i}" for i in reversed(range(5))], data)

    def test_a_session_without_user_agent_lists_null(self):
        address, _ = self.register()
        reply = self.call("POST", "/api/v1/auth/login", form={"username": address, "password": "correct horse"},
                          headers={"User-Agent": ""})
        self.assertEqual(reply.status, 200, reply.body)
        data = self.listed(reply.json())
        self.assertEqual(len(data), 1, data)
        self.assertIsNone(data[0]["user_agent"], data)
        self.assertEqual(data[0]["ip"], "127.0.0.1", data)  # no X-Forwarded-For: the peer

    # ------------------------------------------------------------------ ending sessions
    def test_deleting_one_session_ends_it_at_once_and_leaves_the_other(self):
        address, _ = self.register()
        victim = self.open_session(address, user_agent="SessionsTest/victim")
        keeper = self.open_session(address, user_agent="SessionsTest/keeper")
        victim_sid = claims_of(victim["access_token"])["sid"]
        reply = self.call("DELETE", SESSIONS + victim_sid, token=keeper["access_token"])
        self.assertEqual(reply.status, 204, reply.body)
        self.assert_ended(victim)
        self.assertEqual(self.me_status(keeper), 200)
        self.assertEqual([s["id"] for s in self.listed(keeper)], [claims_of(keeper["access_token"])["sid"]])
        fresh = self.refresh(keeper["refresh_token"])
        self.assertEqual(fresh.status, 200, fresh.body)
        self.assertEqual(self.me_status(fresh.json()), 200)
        # Gone already: a second delete is a 404.
        again = self.call("DELETE", SESSIONS + victim_sid, token=fresh.json()["access_token"])
        self.assertEqual(again.status, 404, again.body)

    def test_deleting_an_unknown_or_someone_elses_session_is_404(self):
        _, _, mine = self.session()
        _, _, theirs = self.session()
        unknown = self.call("DELETE", SESSIONS + str(uuid.uuid4()), token=mine["access_token"])
        self.assertEqual(unknown.status, 404, unknown.body)
        self.assertIn("detail", unknown.json())
        their_sid = claims_of(theirs["access_token"])["sid"]
        foreign = self.call("DELETE", SESSIONS + their_sid, token=mine["access_token"])
        self.assertEqual(foreign.status, 404, foreign.body)
        self.assertEqual(foreign.json(), unknown.json())  # nothing tells that it exists
        self.assertEqual(self.me_status(theirs), 200)
        self.assertEqual([s["id"] for s in self.listed(theirs)], [their_sid])
        fresh = self.refresh(theirs["refresh_token"])
        self.assertEqual(fresh.status, 200, fresh.body)
        self.assertEqual(self.me_status(mine), 200)

    def test_deleting_all_ends_every_other_session(self):
        address, _ = self.register()
        others = [self.open_session(address, user_agent=f"SessionsTest/other-{i}") for i in range(3)]
        current = self.open_session(address, user_agent="SessionsTest/current")
        reply = self.call("DELETE", SESSIONS, token=current["access_token"])
        self.assertEqual(reply.status, 204, reply.body)
        for tokens in others:
            self.assert_ended(tokens)
        self.assertEqual(self.me_status(current), 200)
        data = self.listed(current)
        self.assertEqual([(s["id"], s["current"]) for s in data],
                         [(claims_of(current["access_token"])["sid"], True)])
        fresh = self.refresh(current["refresh_token"])
        self.assertEqual(fresh.status, 200, fresh.body)

    def test_logout_removes_the_session_from_the_list(self):
        address, _ = self.register()
        leaving = self.open_session(address, user_agent="SessionsTest/leaving")
        staying = self.open_session(address, user_agent="SessionsTest/staying")
        self.assertEqual(len(self.listed(staying)), 2)
        self.assertEqual(self.call("POST", "/api/v1/auth/logout", token=leaving["access_token"]).status, 204)
        self.assertEqual([s["id"] for s in self.listed(staying)], [claims_of(staying["access_token"])["sid"]])
        self.assert_ended(leaving)

    def test_the_sessions_api_needs_a_live_token(self):
        _, _, tokens = self.session()
        self.assertEqual(self.call("GET", SESSIONS).status, 401)
        self.assertEqual(self.call("DELETE", SESSIONS).status, 401)
        self.assertEqual(self.call("POST", "/api/v1/auth/logout", token=tokens["access_token"]).status, 204)
        reply = self.call("GET", SESSIONS, token=tokens["access_token"])
        self.assertEqual(reply.status, 401, reply.body)
        self.assertEqual(reply.headers["www-authenticate"], "Bearer")

    # ------------------------------------------------------------------ forwarded addresses
    def test_five_failures_from_one_forwarded_address_lock_that_address(self):
        for _ in range(5):
            reply = self.login_from(unique_email(), "wrong password", forwarded_for="203.0.113.7")
            self.assertEqual(reply.status, 401, reply.body)
        locked = self.login_from(unique_email(), "wrong password", forwarded_for="203.0.113.7")
        self.assertEqual(locked.status, 429, locked.body)
        self.assertGreater(int(locked.headers["retry-after"]), 0)
        # The proxy's own address, and the right-most untrusted entry, decide: a client
        # that claims the locked address further left is another client.
        address, _ = self.register()
        other = self.login_from(address, "wrong password", forwarded_for="203.0.113.8")
        self.assertEqual(other.status, 401, other.body)
        chained = self.login_from(address, "wrong password", forwarded_for="203.0.113.7, 203.0.113.9")
        self.assertEqual(chained.status, 401, chained.body)
        behind_trusted = self.login_from(unique_email(), "wrong password",
                                         forwarded_for="203.0.113.7, 127.0.0.1")
        self.assertEqual(behind_trusted.status, 429, behind_trusted.body)

    def test_ipv6_clients_are_limited_per_slash_64(self):
        for host in range(1, 6):
            reply = self.login_from(unique_email(), "wrong password", forwarded_for=f"2001:db8:1:2::{host}")
            self.assertEqual(reply.status, 401, reply.body)
        locked = self.login_from(unique_email(), "wrong password", forwarded_for="2001:db8:1:2::99")
        self.assertEqual(locked.status, 429, locked.body)
        self.assertGreater(int(locked.headers["retry-after"]), 0)
        neighbour = self.login_from(unique_email(), "wrong password", forwarded_for="2001:db8:1:3::1")
        self.assertEqual(neighbour.status, 401, neighbour.body)

    def test_forty_parallel_failures_for_one_email_from_forty_addresses_give_at_most_five_401s(self):
        address, _ = self.register()
        barrier = threading.Barrier(40)

        def attempt(i):
            barrier.wait(timeout=30)
            return self.login_from(address, "wrong password", forwarded_for=f"198.51.100.{100 + i}")

        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
            replies = list(pool.map(attempt, range(40)))
        statuses = collections.Counter(reply.status for reply in replies)
        print(f"\n40 parallel wrong passwords from 40 addresses: {dict(statuses)}")
        self.assertLessEqual(statuses[401], 5, statuses)
        self.assertEqual(statuses[401] + statuses[429], 40, statuses)
        # The email is locked, whatever the address and even with the right password.
        self.assertEqual(self.login_from(address, forwarded_for="198.51.100.200").status, 429)

    def test_forwarded_for_from_an_untrusted_peer_is_ignored(self):
        # A second API on the same servers that trusts no proxy: 127.0.0.1 is the client.
        untrusted = Server(env={"WORKER_QUEUES": self.queue, **db_env()})
        try:
            address, _ = self.register()
            reply = untrusted.request(
                "POST", "/api/v1/auth/login",
                body=f"username={address}&password=correct+horse",
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "X-Forwarded-For": "192.0.2.50", "User-Agent": "SessionsTest/untrusted"})
            self.assertEqual(reply.status, 200, reply.body)
            data = self.listed(reply.json())
            self.assertEqual([(s["ip"], s["user_agent"]) for s in data],
                             [("127.0.0.1", "SessionsTest/untrusted")], data)

            # Failures "from" five addresses are all the peer's: the sixth is refused.
            def fail(forwarded_for):
                return untrusted.request(
                    "POST", "/api/v1/auth/login",
                    body=f"username={unique_email()}&password=wrong+password",
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "X-Forwarded-For": forwarded_for})

            for host in range(1, 6):
                self.assertEqual(fail(f"192.0.2.{host}").status, 401)
            locked = fail("192.0.2.6")
            self.assertEqual(locked.status, 429, locked.body)
            self.assertGreater(int(locked.headers["retry-after"]), 0)
        finally:
            status = untrusted.stop()
        self.assertEqual(status, 0, untrusted.log())


if __name__ == "__main__":
    unittest.main()
