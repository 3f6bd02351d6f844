"""API.md's Images and Tasks sections through the real `tessera serve` and `tessera worker`,
with images made by the tests themselves (PPM written here, converted with libvips' `vips`
command), never binary fixtures."""

import os
import socket
import struct
import subprocess
import tempfile
import time
import unittest
import uuid
import zlib

from accounts import ApiTestCase

MEDIA_ROOT = tempfile.mkdtemp(prefix="tessera-e2e-media-")
MAX_UPLOAD = 3 * 1024 * 1024


def ppm(width, height, pixel):
    """A binary PPM whose pixel (x, y) is pixel(x, y) -> (r, g, b); rows are built as bytes."""
    rows = bytearray()
    for y in range(height):
        row = bytearray()
        for x in range(width):
            row += bytes(pixel(x, y))
        rows += row
    return b"P6 %d %d 255\n" % (width, height) + bytes(rows)


def gradient(width, height):
    """Smooth colours, computed once per row and column so that large images stay quick."""
    red = [x * 255 // max(1, width - 1) for x in range(width)]
    data = bytearray(b"P6 %d %d 255\n" % (width, height))
    for y in range(height):
        green = y * 255 // max(1, height - 1)
        data += bytes(b for r in red for b in (r, green, 128))
    return bytes(data)


def convert(ppm_bytes, suffix, options=""):
    """The PPM converted by `vips copy` into the format its suffix names."""
    with tempfile.TemporaryDirectory() as scratch:
        source, target = os.path.join(scratch, "in.ppm"), os.path.join(scratch, "out" + suffix)
        with open(source, "wb") as f:
            f.write(ppm_bytes)
        subprocess.run(["vips", "copy", source, target + options], check=True, capture_output=True)
        with open(target, "rb") as f:
            return f.read()


def with_orientation(jpeg, orientation):
    """The JPEG with an EXIF APP1 segment holding only the Orientation tag, after SOI."""
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\0\0\0\0"
    tiff = b"MM\0\x2a" + struct.pack(">I", 8) + ifd
    payload = b"Exif\0\0" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + app1 + jpeg[2:]


def png_claiming(width, height):
    """A tiny, valid-looking PNG whose header claims width x height pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + chunk(b"IEND", b""))


def multipart(field, filename, data, content_type="application/octet-stream"):
    boundary = "tessera" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def webp_size(data):
    """Width and height of a WebP file, from `vipsheader`."""
    with tempfile.NamedTemporaryFile(suffix=".webp") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["vipsheader", "-f", "width", f.name], check=True, capture_output=True, text=True)
        width = int(out.stdout)
        out = subprocess.run(["vipsheader", "-f", "height", f.name], check=True, capture_output=True, text=True)
        return width, int(out.stdout)


def pixel_at(data, x, y):
    with tempfile.NamedTemporaryFile(suffix=".webp") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["vips", "getpoint", f.name, str(x), str(y)], check=True, capture_output=True,
                             text=True)
        return [float(v) for v in out.stdout.split()]


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def files_of(image_id):
    return sorted(os.path.relpath(os.path.join(d, n), MEDIA_ROOT)
                  for d, _, names in os.walk(MEDIA_ROOT) for n in names if image_id in os.path.join(d, n))


class Images(ApiTestCase):
    extra_settings = {"MEDIA_ROOT": MEDIA_ROOT, "MAX_UPLOAD_BYTES": str(MAX_UPLOAD)}

    def setUp(self):
        super().setUp()
        _, self.user, tokens = self.session()
        self.token = tokens["access_token"]

    def upload(self, data, filename="picture.jpg", token=None, field="file"):
        body, content_type = multipart(field, filename, data)
        return self.server.request("POST", "/api/v1/images/", body=body,
                                   headers={"Content-Type": content_type,
                                            "Authorization": f"Bearer {token or self.token}"})

    def accepted(self, data, filename="picture.jpg"):
        reply = self.upload(data, filename)
        self.assertEqual(reply.status, 202, reply.body)
        image = reply.json()
        self.assertEqual(image["status"], "pending")
        self.assertEqual(image["variants"], [])
        return image

    def wait_done(self, image_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            image = self.call("GET", f"/api/v1/images/{image_id}", token=self.token).json()
            if image["status"] in ("ready", "failed"):
                return image
            time.sleep(0.1)
        self.fail(f"image {image_id} still {image['status']}:\n{self.worker.log()[-3000:]}")

    def variant_bytes(self, image, name):
        reply = self.call("GET", f"/api/v1/images/{image['id']}/variants/{name}", token=self.token)
        self.assertEqual(reply.status, 200, reply.body)
        return reply

    # ------------------------------------------------------------------ processing
    def test_every_format_reaches_ready_with_webp_variants_of_the_right_size(self):
        source = gradient(2000, 1500)
        for suffix, content_type in ((".jpg", "image/jpeg"), (".png", "image/png"),
                                     (".webp", "image/webp"), (".gif", "image/gif")):
            with self.subTest(suffix):
                image = self.accepted(convert(source, suffix), "upload" + suffix)
                self.assertEqual((image["width"], image["height"], image["content_type"]),
                                 (2000, 1500, content_type))
                done = self.wait_done(image["id"])
                self.assertEqual(done["status"], "ready", done)
                self.assertIsNone(done["error"])
                sizes = {v["name"]: (v["width"], v["height"]) for v in done["variants"]}
                self.assertEqual(sizes, {"thumb": (160, 120), "medium": (640, 480), "large": (1280, 960)})
                for variant in done["variants"]:
                    reply = self.variant_bytes(done, variant["name"])
                    self.assertEqual(reply.headers["content-type"], "image/webp")
                    self.assertEqual(int(reply.headers["content-length"]), variant["size_bytes"])
                    self.assertEqual(reply.body[:4] + reply.body[8:12], b"RIFFWEBP")
                    self.assertEqual(webp_size(reply.body), sizes[variant["name"]])
                    self.assertEqual(variant["url"], f"/api/v1/images/{done['id']}/variants/{variant['name']}")

    def test_an_exif_rotated_jpeg_comes_out_upright(self):
        # Stored landscape, top half red and bottom half blue; orientation 6 means "rotate 90°
        # clockwise to display", after which red is on the right.
        stored = ppm(400, 200, lambda x, y: (230, 20, 20) if y < 100 else (20, 20, 230))
        image = self.accepted(with_orientation(convert(stored, ".jpg", "[Q=95]"), 6))
        self.assertEqual((image["width"], image["height"]), (200, 400))  # as displayed
        done = self.wait_done(image["id"])
        self.assertEqual(done["status"], "ready", done)
        large = self.variant_bytes(done, "large").body
        self.assertEqual(webp_size(large), (200, 400))
        right, left = pixel_at(large, 180, 200), pixel_at(large, 20, 200)
        self.assertGreater(right[0], 150, right)  # red
        self.assertLess(right[2], 100, right)
        self.assertGreater(left[2], 150, left)  # blue
        self.assertLess(left[0], 100, left)

    def test_a_small_image_is_never_upscaled(self):
        done = self.wait_done(self.accepted(convert(gradient(100, 80), ".png"), "small.png")["id"])
        self.assertEqual(done["status"], "ready", done)
        sizes = {v["name"]: (v["width"], v["height"]) for v in done["variants"]}
        self.assertEqual(sizes, {"thumb": (100, 80), "medium": (100, 80), "large": (100, 80)})

    def test_the_task_status_reaches_success(self):
        image = self.accepted(convert(gradient(300, 200), ".jpg"))
        deadline, task = time.time() + 60, None
        while time.time() < deadline:
            reply = self.call("GET", f"/api/v1/tasks/{image['task_id']}", token=self.token)
            self.assertEqual(reply.status, 200, reply.body)
            task = reply.json()
            self.assertIn(task["status"], ("PENDING", "STARTED", "SUCCESS"))
            if task["status"] == "SUCCESS":
                break
            time.sleep(0.1)
        self.assertEqual(task["status"], "SUCCESS", task)
        self.assertEqual(set(task), {"task_id", "name", "status", "result", "error", "retries", "date_done"})
        self.assertEqual((task["task_id"], task["name"]), (image["task_id"], "tessera.process_image"))
        self.assertEqual(task["result"]["image_id"], image["id"])
        self.assertEqual((task["error"], task["retries"]), (None, 0))
        self.assertIsNotNone(task["date_done"])

    def test_a_file_that_decodes_badly_ends_failed_with_a_readable_error(self):
        jpeg = convert(gradient(400, 300), ".jpg")
        image = self.accepted(jpeg[: len(jpeg) // 2])  # the header is whole, the pixels are not
        done = self.wait_done(image["id"])
        self.assertEqual(done["status"], "failed", done)
        self.assertTrue(done["error"], done)
        self.assertNotIn("/", done["error"])  # no server paths
        task = self.call("GET", f"/api/v1/tasks/{image['task_id']}", token=self.token).json()
        self.assertEqual(task["status"], "FAILURE", task)

    # ------------------------------------------------------------------ refused uploads
    def test_text_named_jpg_is_415(self):
        reply = self.upload(b"just some text, not a picture\n" * 10, "photo.jpg")
        self.assertEqual(reply.status, 415, reply.body)

    def test_a_body_that_is_not_multipart_is_415(self):
        reply = self.call("POST", "/api/v1/images/", {"file": "x"}, token=self.token)
        self.assertEqual(reply.status, 415, reply.body)

    def test_a_body_without_a_file_part_is_422(self):
        reply = self.upload(convert(gradient(64, 64), ".png"), field="picture")
        self.assertEqual(reply.status, 422, reply.body)
        self.assertEqual(reply.json()["detail"][0]["loc"], ["body", "file"])

    def test_a_broken_multipart_body_is_422(self):
        reply = self.server.request("POST", "/api/v1/images/", body=b"--b\r\nnot a header line\r\n\r\n",
                                    headers={"Content-Type": "multipart/form-data; boundary=b",
                                             "Authorization": f"Bearer {self.token}"})
        self.assertEqual(reply.status, 422, reply.body)
        self.assertEqual(reply.json()["detail"][0]["type"], "multipart_invalid")

    def test_over_the_limit_is_413_declared_or_streamed(self):
        big = os.urandom(MAX_UPLOAD + 1)
        self.assertEqual(self.upload(big).status, 413)
        # Chunked, so that no length is declared: refused while the file part arrives.
        body, content_type = multipart("file", "big.jpg", big + os.urandom(2 * MAX_UPLOAD))
        head = (f"POST /api/v1/images/ HTTP/1.1\r\nHost: t\r\nContent-Type: {content_type}\r\n"
                f"Authorization: Bearer {self.token}\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
        data, sent = self.server.send_chunked(head, body)
        self.assertIn(b" 413 ", data.split(b"\r\n")[0])
        self.assertLess(sent, len(body), "the server read the whole over-limit body")

    def test_an_8x8_image_is_422(self):
        reply = self.upload(convert(gradient(8, 8), ".png"), "tiny.png")
        self.assertEqual(reply.status, 422, reply.body)
        self.assertIn("16", reply.json()["detail"])

    def test_a_corrupt_file_is_422(self):
        reply = self.upload(b"\xff\xd8\xff\xe0" + os.urandom(2000), "broken.jpg")
        self.assertEqual(reply.status, 422, reply.body)

    def test_a_png_claiming_100000_by_100000_pixels_is_422_without_decoding(self):
        before = peak_rss_kib(self.server.proc.pid)
        reply = self.upload(png_claiming(100000, 100000), "huge.png")
        self.assertEqual(reply.status, 422, reply.body)
        self.assertIn("pixels", reply.json()["detail"])
        # Decoding it would take 30 GB; reading its header costs nothing worth measuring.
        self.assertLess(peak_rss_kib(self.server.proc.pid) - before, 100 * 1024)

    def test_refused_uploads_leave_no_files(self):
        before = sorted(os.listdir(os.path.join(MEDIA_ROOT, "originals")))
        self.upload(b"text" * 100, "a.jpg")
        self.upload(convert(gradient(8, 8), ".png"))
        after = sorted(n for n in os.listdir(os.path.join(MEDIA_ROOT, "originals")) if not n.startswith(".tmp-"))
        self.assertEqual(after, [n for n in before if not n.startswith(".tmp-")])

    def test_a_client_gone_mid_upload_leaves_no_temporary_file(self):
        originals = os.path.join(MEDIA_ROOT, "originals")

        def temporaries():
            return {n for n in os.listdir(originals) if n.startswith(".tmp-")}

        def wait_until(condition):
            deadline = time.time() + 10
            while not condition() and time.time() < deadline:
                time.sleep(0.02)
            return condition()

        before = temporaries()
        body, content_type = multipart("file", "gone.jpg", os.urandom(2 * 1024 * 1024))
        head = (f"POST /api/v1/images/ HTTP/1.1\r\nHost: t\r\nContent-Type: {content_type}\r\n"
                f"Authorization: Bearer {self.token}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + body[:len(body) // 2])
            self.assertTrue(wait_until(lambda: temporaries() - before), "the upload never began")
        # The connection closed halfway through the file: its temporary goes with it.
        self.assertTrue(wait_until(lambda: not temporaries() - before), temporaries() - before)

    # ------------------------------------------------------------------ reading and deleting
    def test_the_list_is_newest_first_with_a_count(self):
        first = self.accepted(convert(gradient(64, 64), ".png"))
        second = self.accepted(convert(gradient(64, 64), ".png"))
        listing = self.call("GET", "/api/v1/images/?limit=1", token=self.token).json()
        self.assertEqual(listing["count"], 2)
        self.assertEqual([i["id"] for i in listing["data"]], [second["id"]])
        both = self.call("GET", "/api/v1/images", token=self.token).json()
        self.assertEqual([i["id"] for i in both["data"]], [second["id"], first["id"]])

    def test_variant_bytes_have_an_etag_and_304_when_unchanged(self):
        done = self.wait_done(self.accepted(convert(gradient(300, 200), ".jpg"))["id"])
        reply = self.variant_bytes(done, "thumb")
        self.assertEqual(reply.headers["cache-control"].split(",")[0], "private")
        etag = reply.headers["etag"]
        again = self.call("GET", f"/api/v1/images/{done['id']}/variants/thumb", token=self.token,
                          headers={"If-None-Match": etag})
        self.assertEqual((again.status, again.body), (304, b""))
        original = self.variant_bytes(done, "original")
        self.assertEqual(original.headers["content-type"], "image/jpeg")
        self.assertEqual(original.body[:3], b"\xff\xd8\xff")
        missing = self.call("GET", f"/api/v1/images/{done['id']}/variants/huge", token=self.token)
        self.assertEqual(missing.status, 404)

    def test_another_users_image_variant_and_task_are_404(self):
        done = self.wait_done(self.accepted(convert(gradient(300, 200), ".jpg"))["id"])
        _, _, theirs = self.session()
        other = theirs["access_token"]
        for path in (f"/api/v1/images/{done['id']}", f"/api/v1/images/{done['id']}/variants/thumb",
                     f"/api/v1/tasks/{done['task_id']}", f"/api/v1/images/{uuid.uuid4()}",
                     f"/api/v1/tasks/{uuid.uuid4()}"):
            with self.subTest(path):
                self.assertEqual(self.call("GET", path, token=other).status, 404)
        self.assertEqual(self.call("DELETE", f"/api/v1/images/{done['id']}", token=other).status, 404)
        self.assertEqual(self.call("GET", f"/api/v1/images/{done['id']}", token=self.token).status, 200)

    def test_delete_removes_the_rows_and_every_file(self):
        done = self.wait_done(self.accepted(convert(gradient(300, 200), ".jpg"))["id"])
        self.assertEqual(len(files_of(done["id"])), 4, files_of(done["id"]))  # original + 3 variants
        self.assertEqual(self.call("DELETE", f"/api/v1/images/{done['id']}", token=self.token).status, 204)
        self.assertEqual(files_of(done["id"]), [])
        self.assertEqual(self.call("GET", f"/api/v1/images/{done['id']}", token=self.token).status, 404)
        self.assertEqual(self.call("DELETE", f"/api/v1/images/{done['id']}", token=self.token).status, 404)

    def test_deleting_the_account_deletes_its_images_and_files(self):
        done = self.wait_done(self.accepted(convert(gradient(300, 200), ".jpg"))["id"])
        self.assertEqual(self.call("DELETE", "/api/v1/users/me", token=self.token).status, 204)
        self.assertEqual(files_of(done["id"]), [])

    def metrics(self):
        samples = {}
        for line in self.server.request("GET", "/metrics").body.decode().splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                samples[name] = float(value)
        return samples

    def test_metrics_count_uploads_and_the_workers_processing(self):
        task = 'task="tessera.process_image"'
        runs, count = (f'tessera_task_runs_total{{{task},outcome="succeeded"}}',
                       f"tessera_task_duration_seconds_count{{{task}}}")
        before = self.metrics()
        self.upload(b"not an image at all", "x.jpg")
        self.wait_done(self.accepted(convert(gradient(300, 200), ".jpg"))["id"])
        deadline, after = time.time() + 10, self.metrics()
        while time.time() < deadline and after.get(runs, 0) <= before.get(runs, 0):  # flushed every heartbeat
            time.sleep(0.1)
            after = self.metrics()
        for name in ('tessera_image_uploads_total{outcome="accepted"}',
                     'tessera_image_uploads_total{outcome="refused"}', runs, count):
            self.assertGreaterEqual(after.get(name, 0) - before.get(name, 0), 1, name)
        self.assertGreater(after["tessera_image_upload_bytes_total"], before.get("tessera_image_upload_bytes_total", 0))
        self.assertGreater(after[f"tessera_task_duration_seconds_sum{{{task}}}"], 0)
        # Which process's relay moved the task is a race (the worker's polls too): only present.
        for name in ("tessera_outbox_relayed_total", "tessera_outbox_duplicates_total"):
            self.assertIn(name, after)

    def test_without_a_token_it_is_401(self):
        body, content_type = multipart("file", "a.png", convert(gradient(64, 64), ".png"))
        reply = self.server.request("POST", "/api/v1/images/", body=body, headers={"Content-Type": content_type})
        self.assertEqual(reply.status, 401)


if __name__ == "__main__":
    unittest.main()
