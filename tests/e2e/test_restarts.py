"""PostgreSQL and Redis restarted under load: 64 clients keep reading while the server goes
down and comes back. Requests may fail while it is down; once /readyz says ok again, not one
may fail. The figures are printed and the failures after ready asserted to be 0."""

import http.client
import os
import subprocess
import threading
import time

from accounts import ApiTestCase

CLIENTS = 64
AFTER_READY = 1500  # requests that must complete after /readyz is ok again


def services(verb, server):
    script = os.path.join(os.environ.get("TESSERA_SOURCE_DIR", "."), "scripts", "services")
    result = subprocess.run([script, verb, server], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


class Load:
    """CLIENTS threads, each on a keep-alive connection, sending GET `path` until stopped;
    every request is recorded as (start time, status), 0 for a broken connection."""

    def __init__(self, port, path, token):
        self.port, self.path, self.token = port, path, token
        self.results = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client) for _ in range(CLIENTS)]
        for t in self.threads:
            t.start()

    def client(self):
        conn = None
        while not self.stopping.is_set():
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.monotonic()
            try:
                conn.request("GET", self.path, headers={"Authorization": f"Bearer {self.token}"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = None
            with self.lock:
                self.results.append((started, status))
        if conn:
            conn.close()

    def count(self, since=0.0, ok=None):
        with self.lock:
            return sum(1 for started, status in self.results
                       if started >= since and (ok is None or (status == 200) == ok))

    def wait_for(self, condition, what, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)


class Restarts(ApiTestCase):
    extra_settings = {"HTTP_THREADS": "2"}

    def ready(self):
        try:
            return self.server.request("GET", "/readyz").status == 200
        except OSError:
            return False

    def restart_under_load(self, server, before_down=lambda: None):
        _, _, tokens = self.session()
        load = Load(self.server.port, "/api/v1/images/", tokens["access_token"])
        try:
            load.wait_for(lambda: load.count(ok=True) >= 200, "the load to run")
            before_down()
            services("down", server)
            load.wait_for(lambda: not self.ready(), f"/readyz to see {server} down")
            services("up", server)
            load.wait_for(self.ready, f"/readyz to see {server} back")
            ready_at = time.monotonic()
            load.wait_for(lambda: load.count(since=ready_at) >= AFTER_READY,
                          f"{AFTER_READY} requests after ready")
        finally:
            load.stop()
            services("up", server)  # whatever happened, the next tests have their server
        total, failed = load.count(), load.count(ok=False)
        after, failed_after = load.count(since=ready_at), load.count(since=ready_at, ok=False)
        print(f"\n{server} restarted under {CLIENTS} clients: {total} requests, {failed} failed while "
              f"it was down or coming back; after /readyz was ok: {after} requests, {failed_after} failed")
        self.assertGreater(failed, 0, "the restart was not seen by any request")
        self.assertEqual(failed_after, 0)

    def test_postgres_restarted_under_load(self):
        self.restart_under_load("postgres")

    def test_redis_restarted_under_load(self):
        # scripts/services runs Redis with its append-only file: the sessions survive the
        # restart, and the load's token works again once Redis answers.
        self.restart_under_load("redis")
