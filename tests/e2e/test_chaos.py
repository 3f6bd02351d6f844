"""Chaos: the API, the worker, Redis and PostgreSQL are killed or restarted while clients
register users and upload images. Requests that the chaos breaks may fail; what was accepted
(and whatever the database holds) must still end: every image `ready` or `failed`, every
user with its verification email, no stored file without its row (API.md, Images: "Every
accepted image reaches ready or failed, whatever crashes").

Each test prints one line of what it counted and asserts lost = 0 and stuck = 0. Every wait
polls for a condition under a generous deadline: nothing sleeps to synchronise, nothing is
asserted about timing.

The suite has a PostgreSQL database and a Redis database of its own (the image sweep's lock,
the dead letters and the worker registry live there), and each test its own queue,
MEDIA_ROOT and users (their addresses start with the test's tag), so that rows, tasks and
files can be counted exactly.
"""

import collections
import email.parser
import email.policy
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
import uuid
import zlib

import redis

from accounts import db_env
from celery_message import envelope
from harness import TESSERA_BIN, Server, free_port, wait_until
from test_migrations import psql
from workers import E2E_WORKER, recorded_ids, tessera, tessera_worker

REDIS_DB = "11"  # this suite's own Redis database, emptied when the suite starts
SOURCE_DIR = os.environ.get("TESSERA_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))

# Small settings for speed: a dead worker is noticed after 5 heartbeats (1 s), the sweep
# looks every second at images untouched for 3 s, password hashing is cheap, and each
# image gives two small variants.
FAST = {
    "WORKER_HEARTBEAT_INTERVAL": "200ms",
    "TASK_MAX_DELIVERIES": "3",
    "IMAGE_SWEEP_INTERVAL_SECONDS": "1",
    "IMAGE_SWEEP_AFTER_SECONDS": "3",
    "PASSWORD_HASH_OPS": "1",
    "PASSWORD_HASH_MEMORY": "64K",
    "IMAGE_VARIANTS": "thumb:24,small:48",
    "WORKER_CONCURRENCY": "2",
    "HTTP_THREADS": "2",
    # Each user of the load comes from an address of its own (X-Forwarded-For), as through a
    # proxy: registrations are limited per address.
    "FORWARDED_ALLOW_IPS": "127.0.0.1",
    "REDIS_DB": REDIS_DB,
}
FINAL = ("ready", "failed")
SETTLE_TIMEOUT = 120  # seconds for everything accepted to reach its end once the chaos is over
KILLS = 3  # of the API in test 1, of the worker in test 2
CLIENTS = 6


# ---------------------------------------------------------------------------- images

def png(width, height, seed):
    """A valid RGB PNG (zlib, no libvips), different for every seed."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = lambda y: b"\0" + bytes(v for x in range(width) for v in ((x * 9 + seed) % 256, (y * 7) % 256, seed % 256))
    raw = b"".join(row(y) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(data):
    boundary = "chaos" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chaos.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------------------- processes

def services(verb, server):
    """scripts/services for the test servers (as e2e.restarts does), with the `test` profile
    unless the caller chose one: never the developer's own `dev` servers."""
    script = os.path.join(SOURCE_DIR, "scripts", "services")
    env = {**os.environ, "SERVICES_PROFILE": os.environ.get("SERVICES_PROFILE", "test")}
    result = subprocess.run([script, verb, server], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


class FixedPortServer(Server):
    """harness.Server on a port chosen by the caller, so that a restarted API listens where
    the clients already send."""

    def __init__(self, port, env):
        self.fixed_port = port
        super().__init__(env={**env, "HTTP_PORT": str(port)})

    def _wait_ready(self, timeout=30):
        self.port = self.fixed_port  # Server.__init__ picked a free port of its own first
        super()._wait_ready(timeout)


class Api:
    """`tessera serve` that can be SIGKILLed and started again on the same port."""

    def __init__(self, env):
        self.env, self.port = env, free_port()
        self.runs = []  # every server started, for their logs
        self.start()

    @property
    def server(self):
        return self.runs[-1]

    def start(self):
        self.runs.append(FixedPortServer(self.port, self.env))

    def kill(self):
        self.server.proc.kill()
        self.server.proc.wait()

    def ready(self):
        try:
            return self.server.request("GET", "/readyz").status == 200
        except OSError:
            return False

    def logs(self):
        return "".join(run.log() for run in self.runs)

    def close(self):
        for run in self.runs:
            run.__exit__(None, None, None)


def worker_id(worker):
    """The worker's id, as its "worker ready" line gives it."""
    return re.search(r"worker ready worker=(\S+)", worker.log()).group(1)


# ---------------------------------------------------------------------------- the load

class Load:
    """Client threads against the API on `port` until stop(): each registers a user, logs in
    and uploads `uploads_per_user` small PNGs, then starts again with a new user. A
    registration or upload that the chaos breaks (no answer, or an error status) is not
    repeated: the next one has a new address or a new image (a login is tried again). Every
    201 and 202 is recorded."""

    def __init__(self, port, tag, clients=CLIENTS, uploads_per_user=3):
        self.port, self.tag, self.uploads_per_user = port, tag, uploads_per_user
        self.lock = threading.Lock()
        self.registered = {}  # address -> user id, for each 201
        self.accepted = {}  # image id -> owner's address, for each 202
        self.outcomes = collections.Counter()  # "broken" (no answer), "refused" (an error status)
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)]
        for thread in self.threads:
            thread.start()

    def request(self, method, path, body=None, headers=None):
        """(status, parsed JSON body), or (0, None) when no answer came."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status, data = 0, b""
        finally:
            conn.close()
        with self.lock:
            self.outcomes["broken" if status == 0 else "refused" if status >= 400 else "ok"] += 1
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None

    def pause(self):
        # Spaces out the attempts while the API or a server is down; not a synchronisation.
        self.stopping.wait(0.05)

    def client(self, n):
        seed = n * 1_000_000
        for serial in itertools.count():
            if self.stopping.is_set():
                return
            address = f"{self.tag}-{n}-{serial}@example.com"
            client = {"X-Forwarded-For": f"10.{n % 256}.{(serial >> 8) % 256}.{serial % 256}"}
            status, user = self.request("POST", "/api/v1/auth/register",
                                        json.dumps({"email": address, "password": "chaos horse battery"}),
                                        {"Content-Type": "application/json", **client})
            if status != 201:
                self.pause()
                continue
            with self.lock:
                self.registered[address] = user["id"]
            token = None
            while token is None and not self.stopping.is_set():
                status, tokens = self.request("POST", "/api/v1/auth/login",
                                              urllib.parse.urlencode({"username": address,
                                                                      "password": "chaos horse battery"}),
                                              {"Content-Type": "application/x-www-form-urlencoded", **client})
                if status == 200:
                    token = tokens["access_token"]
                else:
                    self.pause()
            for _ in range(self.uploads_per_user):
                if self.stopping.is_set():
                    return
                seed += 1
                body, content_type = multipart(png(32 + seed % 16, 24 + seed % 8, seed))
                status, image = self.request("POST", "/api/v1/images/", body,
                                             {"Content-Type": content_type, "Authorization": f"Bearer {token}"})
                if status == 202:
                    with self.lock:
                        self.accepted[image["id"]] = address
                else:
                    self.pause()

    def counts(self):
        with self.lock:
            return len(self.registered), len(self.accepted)

    def wait_for(self, registrations, uploads, what, timeout=90):
        """Waits until this many more registrations and uploads than now were accepted."""
        start_registrations, start_uploads = self.counts()
        wait_until(lambda: (self.counts()[0] >= start_registrations + registrations
                            and self.counts()[1] >= start_uploads + uploads),
                   lambda: f"{what} (accepted so far: {self.counts()}, outcomes {dict(self.outcomes)})",
                   timeout, interval=0.05)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


# ---------------------------------------------------------------------------- what arrived

class MailSink:
    """The messages of the SMTP sink per recipient. A file in maildir/new is written whole,
    once: each is read once."""

    def __init__(self):
        self.folder = os.path.join(os.environ["SMTP_MAILDIR"], "new")
        self.recipients = {}  # file name -> lower-cased To address
        self.parser = email.parser.BytesHeaderParser(policy=email.policy.default)

    def counts(self):
        for name in os.listdir(self.folder):
            if name not in self.recipients:
                try:
                    with open(os.path.join(self.folder, name), "rb") as f:
                        to = str(self.parser.parse(f)["To"] or "")
                except FileNotFoundError:  # moved to cur/ by a reader meanwhile
                    continue
                match = re.search(r"<([^>]+)>", to)
                self.recipients[name] = (match.group(1) if match else to).strip().lower()
        return collections.Counter(self.recipients.values())


def stored_files(media_root):
    """(image id -> files under MEDIA_ROOT named after it, temporary files) from the layout of
    media_storage.cpp: originals/<id>.<ext> and variants/<id>/<name>.webp, with ".tmp-"
    files while one is being written."""
    by_image, temporaries = collections.defaultdict(list), []
    for folder, _, names in os.walk(media_root):
        for name in names:
            path = os.path.relpath(os.path.join(folder, name), media_root)
            if name.startswith(".tmp-"):
                temporaries.append(path)
            elif path.startswith("originals" + os.sep):
                by_image[name.split(".")[0]].append(path)
            else:  # variants/<id>/<name>.webp
                by_image[path.split(os.sep)[1]].append(path)
    return by_image, temporaries


# ---------------------------------------------------------------------------- the suite

class Chaos(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for name in ("DB_HOST", "REDIS_HOST", "SMTP_HOST", "SMTP_MAILDIR"):
            assert name in os.environ, "run through scripts/test (it starts the servers)"
        cls.database = "chaos_" + uuid.uuid4().hex[:12]
        psql(f"CREATE DATABASE {cls.database}")
        cls.db = {**db_env(), "DB_NAME": cls.database}
        migrated = tessera("db", "upgrade", "head", MIGRATIONS_DIR=os.path.join(SOURCE_DIR, "migrations"), **cls.db)
        assert migrated.returncode == 0, migrated.stderr
        cls.redis = redis.Redis(host=os.environ["REDIS_HOST"], port=int(os.environ["REDIS_PORT"]),
                                password=os.environ.get("REDIS_PASSWORD") or None, db=int(REDIS_DB),
                                decode_responses=True)
        cls.redis.flushdb()
        cls.mail = MailSink()

    @classmethod
    def tearDownClass(cls):
        psql(f"DROP DATABASE IF EXISTS {cls.database} WITH (FORCE)")

    def setUp(self):
        self.tag = re.sub(r"^test_|_", "", self._testMethodName)[:20] + uuid.uuid4().hex[:6]
        self.queue = "chaos_" + uuid.uuid4().hex[:8]
        self.media_root = tempfile.mkdtemp(prefix="tessera-chaos-media-")
        self.settings = {**FAST, **self.db, "MEDIA_ROOT": self.media_root, "WORKER_QUEUES": self.queue}
        self.workers, self.apis, self.loads = [], [], []
        self.kills = []  # wall-clock times of the API's SIGKILLs, to date what they left behind

    def tearDown(self):
        for load in self.loads:
            load.stop()
        for worker in self.workers:
            worker.close()
        for api in self.apis:
            api.close()
        shutil.rmtree(self.media_root, ignore_errors=True)

    # ------------------------------------------------------------------ helpers
    def sql(self, query):
        return [line.split("|") for line in psql(query, self.database).splitlines() if line]

    def start_api(self):
        api = Api(self.settings)
        self.apis.append(api)
        return api

    def start_worker(self, binary=TESSERA_BIN, **settings):
        worker = tessera_worker(self.queue, binary=binary, **{**self.settings, **settings})
        self.workers.append(worker)
        return worker

    def start_load(self, api, **options):
        load = Load(api.port, self.tag, **options)
        self.loads.append(load)
        return load

    def processing(self, worker):
        """How many messages the worker has taken and not finished."""
        return self.redis.llen(f"tessera:processing:{worker_id(worker)}:{self.queue}")

    def dead_letters(self):
        """The reasons (their exception type) of this test's dead-lettered tasks."""
        reasons = collections.Counter()
        for text in self.redis.lrange("tessera:dead", 0, -1):
            record = json.loads(text)
            message = json.loads(record["envelope"])
            if message["properties"]["delivery_info"]["routing_key"] == self.queue:
                reasons[record["reason"].split(":")[0]] += 1
        return dict(reasons)

    def state(self, load):
        """What the database, the mail sink and MEDIA_ROOT hold for this test's users."""
        images = {image_id: status for image_id, status in self.sql(
            "SELECT i.id, i.status FROM images i JOIN users u ON u.id = i.owner_id "
            f"WHERE u.email LIKE '{self.tag}-%'")}
        users = {address for (address,) in self.sql(f"SELECT email FROM users WHERE email LIKE '{self.tag}-%'")}
        mail = self.mail.counts()
        registered, accepted = dict(load.registered), dict(load.accepted)
        all_ids = {image_id for (image_id,) in self.sql("SELECT id FROM images")}
        files, temporaries = stored_files(self.media_root)
        return {
            "accepted": len(accepted), "rows": len(images),
            "ready": sum(1 for s in images.values() if s == "ready"),
            "failed": sum(1 for s in images.values() if s == "failed"),
            "stuck": sorted(f"{i} {s}" for i, s in images.items() if s not in FINAL),
            "lost_uploads": sorted(i for i in accepted if i not in images),
            "orphans": sorted(p for i, paths in files.items() if i not in all_ids for p in paths),
            "temporaries": temporaries,
            "registered": len(registered), "users": len(users),
            "emails": sum(1 for a in users if mail[a] > 0),
            "lost_users": sorted(a for a in users | set(registered) if mail[a] == 0 or a not in users),
            "duplicates": sum(mail[a] - 1 for a in users if mail[a] > 1),
            "outcomes": dict(load.outcomes),
            "dead_letters": self.dead_letters(),
        }

    def settle(self, load, name, extra=""):
        """Waits until every image is final and every user has its email (or the deadline
        passes), prints the counts and asserts that nothing is stuck or lost."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while True:
            state = self.state(load)
            # Files of uploads whose row never committed go with the sweep's next look.
            if not (state["stuck"] or state["lost_users"] or state["orphans"]) or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        s = state
        lost = len(s["lost_uploads"]) + sum(1 for i in s["stuck"] if i.split()[0] in load.accepted)
        print(f"\nchaos {name}: uploads accepted={s['accepted']} rows={s['rows']} ready={s['ready']} "
              f"failed={s['failed']} stuck={len(s['stuck'])} lost={lost} orphan_files={len(s['orphans'])} "
              f"temporary_files={len(s['temporaries'])}; registrations={s['registered']} users={s['users']} "
              f"emails={s['emails']} lost={len(s['lost_users'])} duplicate_emails={s['duplicates']}; "
              f"dead_letters={s['dead_letters']}; requests {s['outcomes']}{extra}", flush=True)
        self.assertEqual(s["stuck"], [], self.explain(s["stuck"]))
        self.assertEqual(s["lost_uploads"], [], "accepted (202) but no row")
        self.assertEqual(s["lost_users"], [], self.explain(s["lost_users"]))
        self.assertEqual(s["orphans"], [], "files under MEDIA_ROOT without an image row, written at "
                         + ", ".join(f"{os.path.getmtime(os.path.join(self.media_root, p)):.3f}" for p in s["orphans"])
                         + f"; the API was killed at {', '.join(f'{t:.3f}' for t in self.kills)}; "
                         + self.explain([os.path.basename(p).split(".")[0] for p in s["orphans"]]))
        return s

    def clear_login_limits(self):
        """A login is counted before its password is checked; one cut off by a kill (or met by
        Redis going down before it could be taken back) stays counted, and every client here
        is 127.0.0.1: the per-address limit would lock the whole load out for 15 minutes."""
        for key in self.redis.scan_iter("tessera:login_failures:*"):
            self.redis.delete(key)

    def stop(self, api, worker):
        """After the chaos, both still stop cleanly: SIGTERM, exit status 0."""
        self.assertEqual(api.server.stop(), 0, api.server.log()[-3000:])
        worker.signal(signal.SIGTERM)
        self.assertEqual(worker.wait(), 0, worker.log()[-3000:])

    def explain(self, items):
        """The log lines of the API and workers that name the first few stuck ids or lost
        addresses (and their tasks), for the failure message."""
        keys = [item.split()[0] for item in items[:5]]
        for key in list(keys):
            row = self.sql(f"SELECT task_id FROM images WHERE id::text = '{key}'")
            if row and row[0][0]:
                keys.append(row[0][0])
        logs = "".join(api.logs() for api in self.apis) + "".join(w.log() for w in self.workers)
        lines = [line for line in logs.splitlines() if any(k in line for k in keys)]
        return f"{items[:20]}\nlog lines naming them:\n" + "\n".join(lines[-60:])

    # ------------------------------------------------------------------ the tests
    def test_1_api_sigkilled_mid_stream(self):
        api = self.start_api()
        worker = self.start_worker()
        load = self.start_load(api)
        at_kills = []
        for _ in range(KILLS):
            load.wait_for(5, 15, "the load to run")
            api.kill()  # mid-stream: every client is registering or uploading
            self.kills.append(time.time())
            self.clear_login_limits()
            at_kills.append(load.counts())
            api.start()  # same port, same MEDIA_ROOT
        load.wait_for(5, 15, "the restarted API to accept again")
        load.stop()
        self.settle(load, "api-kill", f"; API kills={KILLS}, accepted (registrations, uploads) at each: {at_kills}")
        self.stop(api, worker)

    def test_2_worker_sigkilled_three_times(self):
        api = self.start_api()
        load = self.start_load(api)
        in_hand, dead_list = [], None
        for _ in range(KILLS + 1):
            worker = self.start_worker()
            if dead_list:
                # The new worker returns what the dead one held to the queue, once the dead
                # one's heartbeat has expired.
                wait_until(lambda: self.redis.llen(dead_list) == 0, "the dead worker's tasks to be returned",
                           timeout=60)
            if len(in_hand) == KILLS:
                break  # this one runs until everything is done
            # Mid-work: it has finished a few tasks since it started and holds others.
            wait_until(lambda: worker.log().count("task succeeded") >= 3 and self.processing(worker) > 0,
                       lambda: f"the worker to be at work:\n{worker.log()[-2000:]}", timeout=90)
            worker.proc.send_signal(signal.SIGKILL)
            worker.wait()
            dead_list = f"tessera:processing:{worker_id(worker)}:{self.queue}"
            in_hand.append(self.redis.llen(dead_list))  # what it held when it died: nothing moves it yet
        load.wait_for(5, 15, "the load to go on with the last worker")
        load.stop()
        self.settle(load, "worker-kill", f"; worker kills={KILLS}, tasks in hand at each kill (all returned to "
                                         f"the queue)={in_hand}")
        self.stop(api, worker)

    def test_3_task_that_always_crashes_its_worker(self):
        max_deliveries = int(FAST["TASK_MAX_DELIVERIES"])
        scratch = tempfile.mkdtemp(prefix="tessera-chaos-record-")
        self.addCleanup(shutil.rmtree, scratch, ignore_errors=True)
        record = os.path.join(scratch, "ids")
        # Two lanes: each crash also interrupts the task beside it; both come back as
        # suspects, which run alone from then on, so only the crash task is dead-lettered.
        settings = {"WORKER_CONCURRENCY": "2"}
        pipe = self.redis.pipeline()
        others = [self.enqueue(pipe, "test.record", [record, 10]) for _ in range(5)]
        crash = self.enqueue(pipe, "test.crash", [])
        others += [self.enqueue(pipe, "test.record", [record, 10]) for _ in range(5)]
        pipe.execute()

        def meta(task_id):
            text = self.redis.get(f"celery-task-meta-{task_id}")
            return json.loads(text) if text else {}

        def finished():
            return (meta(crash).get("status") == "FAILURE"
                    and all(meta(task_id).get("status") == "SUCCESS" for task_id in others))

        # The supervisor: a worker that dies is replaced at once, as systemd would.
        deaths, worker = 0, self.start_worker(E2E_WORKER, **settings)
        deadline = time.monotonic() + 120
        while not finished():
            if worker.proc.poll() is not None:
                self.assertEqual(worker.proc.returncode, -signal.SIGKILL, worker.log())
                deaths += 1
                worker.wait()
                worker = self.start_worker(E2E_WORKER, **settings)
            self.assertLess(time.monotonic(), deadline,
                            f"crash {meta(crash)}, others {[meta(t).get('status') for t in others]}")
            time.sleep(0.05)
        report = tessera("tasks", "inspect", "--queues", self.queue, REDIS_DB=REDIS_DB)
        runs = recorded_ids(record)
        result = meta(crash)["result"]
        print(f"\nchaos crash-task: worker deaths={deaths} (TASK_MAX_DELIVERIES={max_deliveries}); crash task "
              f"{meta(crash)['status']} {result.get('exc_type')}; other tasks={len(others)} succeeded="
              f"{sum(1 for t in others if meta(t).get('status') == 'SUCCESS')} runs={len(runs)} "
              f"duplicates={len(runs) - len(set(runs))}", flush=True)
        self.assertEqual(deaths, max_deliveries)
        self.assertEqual(meta(crash)["status"], "FAILURE")
        self.assertEqual(result["exc_type"], "WorkerLostError")
        self.assertFalse(self.redis.exists(f"tessera:delivered:{crash}"), "the outcome clears the count")
        self.assertEqual(report.returncode, 0, report.stderr)
        self.assertIn(f"test.crash {crash}: WorkerLostError: the worker stopped while running it "
                      f"{max_deliveries} times (TASK_MAX_DELIVERIES {max_deliveries})", report.stdout)
        self.assertEqual(set(runs), set(others))
        worker.signal(signal.SIGTERM)
        self.assertEqual(worker.wait(), 0, worker.log())

    def test_4_redis_then_postgres_restarted_under_load(self):
        api = self.start_api()
        worker = self.start_worker()
        load = self.start_load(api)
        load.wait_for(5, 15, "the load to run")
        try:
            for server in ("redis", "postgres"):
                services("down", server)  # SIGTERM to Redis; a fast shutdown of PostgreSQL
                wait_until(lambda: not api.ready(), f"/readyz to see {server} down", timeout=60)
                services("up", server)
                wait_until(api.ready, f"/readyz to see {server} back", timeout=90)
                self.clear_login_limits()
                load.wait_for(5, 15, f"the load to go on after {server} came back")
        finally:
            for server in ("redis", "postgres"):
                services("up", server)  # whatever happened, the next tests have their servers
        load.stop()
        self.settle(load, "restarts")
        self.stop(api, worker)

    def enqueue(self, pipe, name, args):
        """Queues a task as a Celery client would (LPUSH of a protocol v2 message)."""
        task_id = str(uuid.uuid4())
        pipe.lpush(self.queue, envelope(task_id, name, args, self.queue))
        return task_id


if __name__ == "__main__":
    unittest.main()
