"""API.md's Images downloads through the real `tessera serve` and `tessera worker`: the bytes of
originals and variants are streamed from storage (never held whole), with Range answered by
206 or 416; 100 slow clients of a 20 MiB original cost the API little memory. Images are
noise PNGs written here (stored zlib blocks, so the file is as large as its pixels)."""

import http.client
import json
import os
import selectors
import socket
import struct
import tempfile
import unittest
import uuid
import zlib

from accounts import ApiTestCase
from harness import wait_until

MEDIA_ROOT = tempfile.mkdtemp(prefix="tessera-e2e-downloads-")
MIB = 1024 * 1024
SLOW_CLIENTS = 100
RSS_GROWTH_LIMIT = 100 * MIB
# AddressSanitizer keeps up to 256 MB of freed memory unreused (its quarantine), so that the
# RSS of a sanitized build grows with every byte ever allocated; a small quarantine still
# catches use-after-free of recent frees, and RSS then counts what is live. Later options win.
SANITIZER_OPTIONS = ":".join(filter(None, (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=16")))


def noise_png(width, height):
    """An RGB PNG of random pixels; zlib level 0 keeps it about width * height * 3 bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    stride = width * 3
    pixels = os.urandom(stride * height)
    raw = b"".join(b"\0" + pixels[y * stride:(y + 1) * stride] for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 0))
            + chunk(b"IEND", b""))


def multipart(data, filename="noise.png"):
    boundary = "tessera" + uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def vm_rss(pid):
    """The process's resident set, in bytes."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def tcp_queues():
    """{(local port, remote port): (tx_queue, rx_queue)} of every established IPv4 socket."""
    queues = {}
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[3] == "01":
                tx, rx = fields[4].split(":")
                key = (int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16))
                queues[key] = (int(tx, 16), int(rx, 16))
    return queues


class Download:
    """One GET on a raw socket, read a little at a time: its status, headers, and the length
    and CRC-32 of the body it has read so far."""

    def __init__(self, port, path, token, receive_buffer=None):
        self.sock = socket.socket()
        if receive_buffer:  # before connecting: it bounds the window the server may fill
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(120)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {token}\r\n"
                           "Connection: close\r\n\r\n").encode())
        self.head, self.status, self.headers = b"", None, {}
        self.received, self.crc, self.closed = 0, 0, False

    def feed(self, data):
        if not data:
            self.closed = True
            return
        if self.status is None:
            self.head += data
            if b"\r\n\r\n" not in self.head:
                return
            head, data = self.head.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            self.status = int(lines[0].split()[1])
            self.headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
        self.received += len(data)
        self.crc = zlib.crc32(data, self.crc)

    def read_some(self, size=4096):
        self.feed(self.sock.recv(size))

    def read_first_bytes(self):
        """Reads until the header and some of the body have come (or the server closed)."""
        wait_until(lambda: self.read_some() or self.received > 0 or self.closed, "the first bytes", 120, 0)

    def length(self):
        return int(self.headers["content-length"])

    def close(self):
        self.sock.close()


def read_to_end(downloads, timeout=240):
    """Reads every download until the server closes it, all at once (none waits for another)."""
    selector = selectors.DefaultSelector()
    for d in downloads:
        d.sock.setblocking(False)
        selector.register(d.sock, selectors.EVENT_READ, d)
    open_count = len(downloads)

    def progress():
        nonlocal open_count
        for key, _ in selector.select(timeout=1):
            d = key.data
            try:
                d.feed(d.sock.recv(1024 * 1024))
            except BlockingIOError:
                continue
            if d.closed:
                selector.unregister(d.sock)
                open_count -= 1
        return open_count == 0

    wait_until(progress, lambda: f"{open_count} downloads to end", timeout, interval=0)
    selector.close()


class Downloads(ApiTestCase):
    extra_settings = {"MEDIA_ROOT": MEDIA_ROOT, "MAX_UPLOAD_BYTES": str(32 * MIB),
                      "ASAN_OPTIONS": SANITIZER_OPTIONS}

    def setUp(self):
        super().setUp()
        _, self.user, tokens = self.session()
        self.token = tokens["access_token"]

    def ready_image(self, data):
        """Uploads `data` and waits until the worker has made its variants."""
        body, content_type = multipart(data)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request("POST", "/api/v1/images/", body=body,
                         headers={"Content-Type": content_type, "Authorization": f"Bearer {self.token}"})
            reply = conn.getresponse()
            answer = reply.read()
        finally:
            conn.close()
        self.assertEqual(reply.status, 202, answer)
        image_id = json.loads(answer)["id"]

        def done():
            image = self.call("GET", f"/api/v1/images/{image_id}", token=self.token).json()
            return image if image["status"] in ("ready", "failed") else None
        image = wait_until(done, lambda: f"image {image_id} processed:\n{self.worker.log()[-3000:]}", 180, 0.1)
        self.assertEqual(image["status"], "ready", image)
        self.assertEqual(image["size_bytes"], len(data))
        return image

    def auth(self, **headers):
        return {"Authorization": f"Bearer {self.token}", **headers}

    def get(self, path, method="GET", **headers):
        return self.server.request(method, path, headers=self.auth(**headers))

    # ------------------------------------------------------------------ whole bytes and ranges
    def test_an_original_comes_whole_or_in_ranges(self):
        data = noise_png(400, 300)  # ~360 KB: several 64 KiB chunks
        total = len(data)
        image = self.ready_image(data)
        path = f"/api/v1/images/{image['id']}/variants/original"

        whole = self.get(path)
        self.assertEqual(whole.status, 200)
        self.assertEqual(whole.body, data)
        self.assertEqual(whole.headers["content-type"], "image/png")
        self.assertEqual(int(whole.headers["content-length"]), total)
        self.assertEqual(whole.headers["cache-control"].split(",")[0], "private")
        self.assertEqual(whole.headers["accept-ranges"], "bytes")
        self.assertTrue(whole.headers["etag"].startswith('"'), whole.headers)
        # API.md, Auth: every response is nosniff (a PNG is never run as a script or page).
        self.assertEqual(whole.headers["x-content-type-options"], "nosniff")
        self.assertNotIn("content-security-policy", whole.headers)

        for header, first, last in (("bytes=0-99", 0, 99),                           # first bytes
                                    ("bytes=70000-200000", 70000, 200000),           # middle, over chunks
                                    ("bytes=-500", total - 500, total - 1),         # suffix
                                    (f"bytes={total - 10}-", total - 10, total - 1),  # to the end
                                    (f"bytes=100-{total * 2}", 100, total - 1),      # last past the end
                                    ("bytes=5-5", 5, 5)):
            with self.subTest(header):
                part = self.get(path, Range=header)
                self.assertEqual(part.status, 206, part.body[:200])
                self.assertEqual(part.body, data[first:last + 1])
                self.assertEqual(part.headers["content-range"], f"bytes {first}-{last}/{total}")
                self.assertEqual(int(part.headers["content-length"]), last - first + 1)
                self.assertEqual(part.headers["content-type"], "image/png")
                self.assertEqual(part.headers["etag"], whole.headers["etag"])
                self.assertEqual(part.headers["x-content-type-options"], "nosniff")

        for header in (f"bytes={total}-", f"bytes={total + 1000}-{total + 2000}", "bytes=-0"):
            with self.subTest(header):
                refused = self.get(path, Range=header)
                self.assertEqual(refused.status, 416, refused.body)
                self.assertEqual(refused.headers["content-range"], f"bytes */{total}")
                self.assertEqual(refused.headers["x-content-type-options"], "nosniff")

        # Malformed, several ranges, another unit, or an If-Range for other bytes: the whole file.
        for headers in ({"Range": "bytes=abc"}, {"Range": "bytes=0-1,5-9"}, {"Range": "bytes=9-3"},
                        {"Range": "pages=1-2"}, {"Range": "bytes=0-9", "If-Range": '"other"'}):
            with self.subTest(headers):
                reply = self.get(path, **headers)
                self.assertEqual((reply.status, reply.body), (200, data))
        matching = self.get(path, Range="bytes=0-9", **{"If-Range": whole.headers["etag"]})
        self.assertEqual((matching.status, matching.body), (206, data[:10]))

        not_modified = self.get(path, Range="bytes=0-9", **{"If-None-Match": whole.headers["etag"]})
        self.assertEqual((not_modified.status, not_modified.body), (304, b""))
        self.assertEqual(not_modified.headers["x-content-type-options"], "nosniff")

        head = self.get(path, method="HEAD")
        self.assertEqual((head.status, head.body), (200, b""))
        self.assertEqual(int(head.headers["content-length"]), total)
        self.assertEqual(head.headers["x-content-type-options"], "nosniff")

        thumb = image["variants"][0]
        variant = self.get(thumb["url"], Range="bytes=0-11")
        self.assertEqual(variant.status, 206)
        self.assertEqual(variant.body[:4] + variant.body[8:12], b"RIFFWEBP")
        self.assertEqual(variant.headers["content-range"], f"bytes 0-11/{thumb['size_bytes']}")
        self.assertEqual(variant.headers["x-content-type-options"], "nosniff")
        whole_variant = self.get(thumb["url"])
        self.assertEqual(whole_variant.status, 200)
        self.assertEqual(whole_variant.headers["content-type"], "image/webp")
        self.assertEqual(whole_variant.headers["x-content-type-options"], "nosniff")
        missing = self.get(f"/api/v1/images/{image['id']}/variants/huge")
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.headers["x-content-type-options"], "nosniff")

    def test_a_connection_stays_open_across_streamed_answers(self):
        data = noise_png(200, 150)
        image = self.ready_image(data)
        path = f"/api/v1/images/{image['id']}/variants/original"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            answers, sockets = [], []
            for headers in ({}, {"Range": "bytes=10-19"}, {"Range": f"bytes={len(data)}-"}, {}):
                conn.request("GET", path, headers=self.auth(**headers))
                reply = conn.getresponse()
                answers.append((reply.status, reply.read()))
                sockets.append(conn.sock)  # None once the server asked to close
            self.assertIsNotNone(sockets[0])
            self.assertEqual(sockets, [sockets[0]] * 4, "a new connection was opened")
            self.assertEqual([status for status, _ in answers], [200, 206, 416, 200])
            self.assertEqual((answers[0][1], answers[1][1], answers[3][1]), (data, data[10:20], data))
        finally:
            conn.close()

    # ------------------------------------------------------------------ failures mid-stream
    def test_a_file_that_shrinks_while_it_is_sent_cuts_the_connection(self):
        data = noise_png(2000, 2000)  # 12 MB: more than the socket buffers hold
        image = self.ready_image(data)
        original = next(os.path.join(MEDIA_ROOT, "originals", n) for n in os.listdir(os.path.join(MEDIA_ROOT, "originals"))
                        if n.startswith(image["id"]))
        download = Download(self.server.port, f"/api/v1/images/{image['id']}/variants/original", self.token,
                            receive_buffer=16 * 1024)
        try:
            download.read_first_bytes()
            self.assertEqual((download.status, download.length()), (200, len(data)))
            os.truncate(original, 1000)
            read_to_end([download])
            self.assertLess(download.received, len(data))
        finally:
            download.close()
        self.server.wait_for_log("response body failed")
        self.assertEqual(self.get("/healthz").status, 200)

    # ------------------------------------------------------------------ memory
    def test_a_hundred_slow_clients_of_a_20_mib_original_cost_little_memory(self):
        data = noise_png(2600, 2700)  # ~20 MiB
        self.assertGreater(len(data), 20 * MIB)
        image = self.ready_image(data)
        path = f"/api/v1/images/{image['id']}/variants/original"
        pid, port = self.server.proc.pid, self.server.port
        before = vm_rss(pid)
        downloads = []
        try:
            for _ in range(SLOW_CLIENTS):
                downloads.append(Download(port, path, self.token))
            # A few KB each, then a pause: the server fills the socket buffers and must wait.
            for d in downloads:
                d.read_first_bytes()
                self.assertEqual((d.status, d.length()), (200, len(data)), d.head[:300])
            ports = [d.sock.getsockname()[1] for d in downloads]

            def all_waiting_on_their_clients():
                queues = tcp_queues()
                return all(queues.get((port, p), (0, 0))[0] > 0 for p in ports)
            wait_until(all_waiting_on_their_clients, "every download to fill its socket buffers", 120)
            growth = vm_rss(pid) - before
            print(f"\nAPI RSS growth with {SLOW_CLIENTS} slow downloads of {len(data)} bytes open: "
                  f"{growth / MIB:.1f} MiB", flush=True)
            self.assertLess(growth, RSS_GROWTH_LIMIT)

            read_to_end(downloads)
            expected = zlib.crc32(data)
            for d in downloads:
                self.assertEqual((d.received, d.crc), (len(data), expected))
        finally:
            for d in downloads:
                d.close()


if __name__ == "__main__":
    unittest.main()
