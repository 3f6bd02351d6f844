"""API.md's Events section: GET /api/v1/events as Server-Sent Events, through two real
`tessera serve` processes and a worker sharing Redis: a worker's change reaches a client on
each API process; a client that reconnects with Last-Event-ID is replayed what it missed;
a stream ends with its session and at a server's stop; streams per user are bounded."""

import http.client
import queue
import socket
import threading
import time
import unittest

from accounts import ApiTestCase
from harness import Server
from test_images import MEDIA_ROOT, convert, gradient, multipart


class EventStream:
    """One open stream, read on a thread of its own into a queue of events (dicts with
    `id`, `event`, `data`) and comments."""

    def __init__(self, port, token, last_event_id=None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.conn.request("GET", "/api/v1/events", headers=headers)
        # The response owns the socket once the connection is marked to close: keep it, so that
        # close() really closes it.
        self.sock = self.conn.sock
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.headers = {k.lower(): v for k, v in self.response.getheaders()}
        self.events = queue.Queue()
        self.comments = queue.Queue()
        self.ended = threading.Event()
        self.raw_start = b""
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
        else:
            self.body = self.response.read()

    def _read(self):
        event = {}
        try:
            while True:
                line = self.response.readline()
                if not line:
                    break
                if len(self.raw_start) < 200:
                    self.raw_start += line
                line = line.decode().rstrip("\n")
                if line == "":
                    if "data" in event:
                        self.events.put(event)
                    event = {}
                elif line.startswith(":"):
                    self.comments.put(line[1:].strip())
                else:
                    name, _, value = line.partition(":")
                    event[name] = value[1:] if value.startswith(" ") else value
        except (OSError, http.client.HTTPException, ValueError):
            pass
        self.ended.set()

    def next_event(self, timeout=60):
        return self.events.get(timeout=timeout)

    def until(self, predicate, timeout=60):
        """The events up to and including the first one that satisfies predicate."""
        seen = []
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no such event; saw {seen}")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                raise AssertionError(f"no such event; saw {seen}")
            seen.append(event)
            if predicate(event):
                return seen

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def image_ready(image_id):
    import json

    def check(event):
        return event.get("event") == "image" and json.loads(event["data"])["id"] == image_id and \
            json.loads(event["data"])["status"] == "ready"
    return check


def stream_order(event_id):
    ms, seq = event_id.split("-")
    return int(ms), int(seq)


class Events(ApiTestCase):
    extra_settings = {"MEDIA_ROOT": MEDIA_ROOT}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second API process on the same servers: any process serves any user's stream.
        cls.other = Server(env=cls.server_settings())

    @classmethod
    def tearDownClass(cls):
        cls.other.stop()
        super().tearDownClass()

    @classmethod
    def server_settings(cls):
        from accounts import db_env
        return {"WORKER_QUEUES": cls.queue, "FORWARDED_ALLOW_IPS": "127.0.0.1", **db_env(),
                **cls.extra_settings}

    def setUp(self):
        super().setUp()
        _, self.user, tokens = self.session()
        self.token = tokens["access_token"]
        self.streams = []

    def tearDown(self):
        for stream in self.streams:
            stream.close()

    def open(self, server=None, token=None, last_event_id=None):
        stream = EventStream((server or self.server).port, token or self.token, last_event_id)
        self.streams.append(stream)
        return stream

    def upload(self, seed=0):
        body, content_type = multipart("file", "events.jpg", convert(gradient(64 + seed, 48), ".jpg"))
        reply = self.server.request("POST", "/api/v1/images/", body=body,
                                    headers={"Content-Type": content_type,
                                             "Authorization": f"Bearer {self.token}"})
        self.assertEqual(reply.status, 202, reply.body)
        return reply.json()

    def test_a_workers_changes_reach_a_client_on_each_api_process(self):
        import json
        here, there = self.open(), self.open(self.other)
        for stream in (here, there):
            self.assertEqual(stream.status, 200)
            self.assertTrue(stream.headers["content-type"].startswith("text/event-stream"))
            self.assertEqual(stream.headers["cache-control"], "no-store")
        # The stream is open before any event: its first line arrives at once.
        for stream in (here, there):
            self.assertEqual(stream.comments.get(timeout=30), "stream open")
        image = self.upload()
        for stream in (here, there):
            seen = stream.until(image_ready(image["id"]))
            images = [json.loads(e["data"]) for e in seen if e["event"] == "image"]
            self.assertEqual(images[-1]["variants"] and sorted(v["name"] for v in images[-1]["variants"]),
                             ["large", "medium", "thumb"])
            self.assertIn("processing", [i["status"] for i in images])
            ids = [e["id"] for e in seen]
            self.assertEqual(ids, sorted(ids, key=stream_order))
            self.assertEqual(len(ids), len(set(ids)))
            # The task's states arrive too, as GET /api/v1/tasks/{id} shows them.
            tasks = [json.loads(e["data"]) for e in seen if e["event"] == "task"]
            later = [] if any(t["status"] == "SUCCESS" for t in tasks) else stream.until(
                lambda e: e["event"] == "task" and json.loads(e["data"])["status"] == "SUCCESS")
            tasks += [json.loads(e["data"]) for e in later if e["event"] == "task"]
            self.assertTrue(all(t["task_id"] == image["task_id"] for t in tasks), tasks)
            self.assertEqual(tasks[-1]["status"], "SUCCESS")
            self.assertEqual(tasks[-1]["name"], "tessera.process_image")
        # Both processes saw the same events, with the same ids.
        mine = self.call("GET", f"/api/v1/images/{image['id']}", token=self.token).json()
        self.assertEqual(mine["status"], "ready")

    def test_another_users_stream_sees_nothing_of_mine(self):
        _, _, theirs = self.session()
        their_stream = self.open(token=theirs["access_token"])
        mine = self.open()
        image = self.upload(1)
        mine.until(image_ready(image["id"]))
        self.assertTrue(their_stream.events.empty(), list(their_stream.events.queue))

    def test_reconnecting_with_last_event_id_replays_what_was_missed(self):
        import json
        first = self.open()
        image = self.upload(2)
        seen = first.until(image_ready(image["id"]))
        first.close()
        # While no stream is open, another image is processed.
        missed = self.upload(3)
        deadline = time.time() + 60
        while self.call("GET", f"/api/v1/images/{missed['id']}", token=self.token).json()["status"] != "ready":
            self.assertLess(time.time(), deadline, "the image was not processed")
            time.sleep(0.1)
        again = self.open(self.other, last_event_id=seen[0]["id"])
        replayed = again.until(image_ready(missed["id"]))
        replayed_ids = [e["id"] for e in replayed]
        # Everything after the id given, in order, once: the rest of the first image's events,
        # then the second image's.
        self.assertNotIn(seen[0]["id"], replayed_ids)
        for event in seen[1:]:
            self.assertIn(event["id"], replayed_ids)
        self.assertEqual(replayed_ids, sorted(replayed_ids, key=stream_order))
        self.assertEqual(len(replayed_ids), len(set(replayed_ids)))
        statuses = [json.loads(e["data"])["status"] for e in replayed
                    if e["event"] == "image" and json.loads(e["data"])["id"] == missed["id"]]
        self.assertEqual(statuses[-1], "ready")

    def test_a_malformed_last_event_id_replays_nothing(self):
        stream = self.open(last_event_id="not-an-id")
        self.assertEqual(stream.status, 200)
        self.assertEqual(stream.comments.get(timeout=30), "stream open")
        self.assertTrue(stream.events.empty())

    def test_heartbeat_comments_while_nothing_happens(self):
        stream = self.open()
        self.assertEqual(stream.comments.get(timeout=30), "stream open")
        self.assertEqual(stream.comments.get(timeout=40), "ping")

    def test_the_stream_ends_with_its_session(self):
        stream = self.open()
        self.assertEqual(stream.comments.get(timeout=30), "stream open")
        self.assertEqual(self.call("POST", "/api/v1/auth/logout", token=self.token).status, 204)
        self.assertTrue(stream.ended.wait(60), "the stream outlived its session")
        again = self.open()
        self.assertEqual(again.status, 401)

    def test_without_a_token_401(self):
        reply = self.call("GET", "/api/v1/events")
        self.assertEqual(reply.status, 401)
        self.assertEqual(reply.headers.get("www-authenticate"), "Bearer")

    def test_open_streams_per_user_are_bounded(self):
        streams = [self.open() for _ in range(10)]
        self.assertEqual([s.status for s in streams], [200] * 10)
        refused = self.open()
        self.assertEqual(refused.status, 429, refused.body)
        self.assertIn("retry-after", refused.headers)
        # Another process has its own count; a closed stream frees its place.
        self.assertEqual(self.open(self.other).status, 200)
        streams[0].close()
        deadline = time.time() + 30
        while True:
            stream = self.open()
            if stream.status == 200:
                break
            self.assertLess(time.time(), deadline, "a closed stream kept its place")
            time.sleep(0.2)

    def test_a_server_stop_ends_open_streams(self):
        server = Server(env=self.server_settings())
        try:
            stream = self.open(server)
            self.assertEqual(stream.comments.get(timeout=30), "stream open")
            status = server.stop()
            self.assertEqual(status, 0, server.log()[-2000:])
            self.assertTrue(stream.ended.wait(30))
        finally:
            if server.proc.poll() is None:
                server.proc.kill()


if __name__ == "__main__":
    unittest.main()
