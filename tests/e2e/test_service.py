"""The service endpoints and the HTTP core, through the real `tessera serve`."""

import http.client
import json
import os
import re
import socket
import subprocess
import time
import unittest

from harness import BASE_ENV, TESSERA_BIN, Server, ServerTestCase, free_port

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class ServiceEndpoints(ServerTestCase):
    def test_healthz_answers_ok(self):
        reply = self.get("/healthz")
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json(), {"status": "ok"})
        self.assertEqual(reply.headers["content-type"], "application/json")

    def test_readyz_reports_postgres(self):
        reply = self.get("/readyz")
        self.assertEqual(reply.status, 200, reply.body)
        self.assertEqual(reply.json(), {"status": "ok", "checks": {"postgres": "ok", "redis": "ok"}})

    def test_metrics_report_the_database_pools(self):
        self.get("/readyz")
        text = self.get("/metrics").body.decode()
        self.assertRegex(text, r"(?m)^db_pool_size 20$")  # 2 threads x DB_POOL_SIZE 10
        self.assertRegex(text, r'(?m)^db_pool_connections\{state="idle"\} [12]$')
        self.assertRegex(text, r"(?m)^db_pool_waiters 0$")
        self.assertRegex(text, r'(?m)^db_query_duration_seconds_count [1-9]\d*$')
        self.assertRegex(text, r"(?m)^redis_connected [12]$")

    def test_metrics_count_requests_by_route_and_status(self):
        for _ in range(3):
            self.get("/healthz")
        self.get("/api/v1/no/such/path")
        reply = self.get("/metrics")
        self.assertEqual(reply.status, 200)
        self.assertTrue(reply.headers["content-type"].startswith("text/plain; version=0.0.4"))
        text = reply.body.decode()
        count = re.search(r'^http_requests_total\{method="GET",route="/healthz",status="200"\} (\d+)$', text, re.M)
        self.assertIsNotNone(count, text)
        self.assertGreaterEqual(int(count.group(1)), 3)
        self.assertIn('route="unmatched",status="404"', text)
        self.assertRegex(text, r'http_request_duration_seconds_bucket\{method="GET",route="/healthz",status="200",le="\+Inf"\} \d+')
        self.assertRegex(text, r"(?m)^http_requests_in_flight \d+$")
        self.assertRegex(text, r"(?m)^process_start_time_seconds \d+")
        self.assertRegex(text, r"(?m)^process_resident_memory_bytes \d+$")
        self.assertNotIn("/no/such/path", text)
        # The web app's client-side routes share one label too.
        self.get("/some/page/of/the/app")
        self.assertNotIn("/some/page", self.get("/metrics").body.decode())

    def test_request_id_is_generated(self):
        reply = self.get("/healthz")
        self.assertRegex(reply.headers["x-request-id"], UUID)

    def test_request_id_is_echoed_when_sane(self):
        reply = self.get("/healthz", headers={"X-Request-ID": "abc-123.x_y"})
        self.assertEqual(reply.headers["x-request-id"], "abc-123.x_y")

    def test_insane_request_id_is_replaced(self):
        reply = self.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
        self.assertRegex(reply.headers["x-request-id"], UUID)

    def test_unknown_path_is_404_not_found(self):
        reply = self.get("/api/v1/nothing-here")
        self.assertEqual(reply.status, 404)
        self.assertEqual(reply.json(), {"detail": "Not Found"})
        self.assertIn("x-request-id", reply.headers)

    def test_wrong_method_is_405_with_allow(self):
        reply = self.server.request("DELETE", "/healthz")
        self.assertEqual(reply.status, 405)
        self.assertEqual(reply.json(), {"detail": "Method Not Allowed"})
        self.assertEqual(reply.headers["allow"], "GET")

    def test_head_has_length_but_no_body(self):
        reply = self.server.request("HEAD", "/healthz")
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.body, b"")
        self.assertEqual(reply.headers["content-length"], str(len(b'{"status":"ok"}')))

    def test_declared_body_over_limit_is_413_before_reading(self):
        # Only the header is sent: the answer must come without the body.
        head = (b"POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                b"Content-Length: 5000000\r\n\r\n")
        raw = self.server.raw(head)
        status_line, _, rest = raw.partition(b"\r\n")
        self.assertIn(b" 413 ", status_line)
        self.assertIn(b'{"detail":"Request body too large"}', rest)
        self.assertIn(b"Connection: close", rest)

    def test_chunked_body_over_limit_is_413_while_streaming(self):
        head = b"POST /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
        data, sent = self.server.send_chunked(head, b"x" * (4 * 1024 * 1024))
        self.assertIn(b" 413 ", data.split(b"\r\n")[0])
        self.assertLess(sent, 4 * 1024 * 1024, "the server read the whole over-limit body")

    def test_oversized_header_is_431(self):
        raw = self.server.raw(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
        self.assertIn(b" 431 ", raw.split(b"\r\n")[0])

    def test_malformed_request_is_400(self):
        raw = self.server.raw(b"THIS IS NOT HTTP\r\n\r\n")
        self.assertIn(b" 400 ", raw.split(b"\r\n")[0])

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            for _ in range(5):
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                self.assertEqual(response.status, 200)
                self.assertEqual(json.loads(response.read()), {"status": "ok"})
        finally:
            conn.close()

    def test_access_log_line_has_method_route_status_duration_and_request_id(self):
        self.get("/healthz", headers={"X-Request-ID": "log-check-1"})
        lines = [line for line in self.server.log().splitlines() if "log-check-1" in line]
        self.assertEqual(len(lines), 1, self.server.log())
        for part in ("GET", "/healthz", "200", "duration_ms", "request_id=log-check-1"):
            self.assertIn(part, lines[0])


class HealthcheckCommand(ServerTestCase):
    """`tessera healthcheck`, the container image's HEALTHCHECK."""

    def run_healthcheck(self, *args, **env):
        full_env = {"PATH": "/usr/bin:/bin", **BASE_ENV, **env}
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "DB_USER", "DB_NAME"):
            if name in os.environ:
                full_env.setdefault(name, os.environ[name])
        return subprocess.run([TESSERA_BIN, "healthcheck", *args], env=full_env, capture_output=True,
                              text=True, timeout=30)

    def test_exit_0_when_the_api_answers(self):
        done = self.run_healthcheck(HTTP_PORT=str(self.server.port), HTTP_HOST="0.0.0.0")
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_exit_1_with_a_reason_when_nothing_answers(self):
        done = self.run_healthcheck("--url", f"http://127.0.0.1:{free_port()}/healthz", "--timeout-ms", "2000")
        self.assertEqual(done.returncode, 1)
        self.assertTrue(done.stderr.startswith("tessera healthcheck: "), done.stderr)

    def test_exit_1_when_the_answer_is_not_200(self):
        done = self.run_healthcheck("--url", f"http://127.0.0.1:{self.server.port}/api/v1/no-such-path")
        self.assertEqual(done.returncode, 1)
        self.assertIn("answered 404", done.stderr)


class Cors(ServerTestCase):
    env = {"CORS_ORIGINS": "http://app.example, http://other.example"}

    def test_preflight_from_allowed_origin(self):
        reply = self.server.request("OPTIONS", "/healthz", headers={
            "Origin": "http://app.example", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization"})
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.headers["access-control-allow-origin"], "http://app.example")
        self.assertIn("GET", reply.headers["access-control-allow-methods"])
        self.assertEqual(reply.headers["access-control-allow-headers"], "Authorization")

    def test_preflight_from_other_origin_is_refused(self):
        reply = self.server.request("OPTIONS", "/healthz", headers={
            "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
        self.assertEqual(reply.status, 400)
        self.assertNotIn("access-control-allow-origin", reply.headers)

    def test_simple_request_gets_cors_headers(self):
        reply = self.get("/healthz", headers={"Origin": "http://other.example"})
        self.assertEqual(reply.headers["access-control-allow-origin"], "http://other.example")
        self.assertIn("X-Request-ID", reply.headers["access-control-expose-headers"])
        self.assertNotIn("access-control-allow-origin", self.get("/healthz", headers={"Origin": "http://x"}).headers)


class Timeouts(ServerTestCase):
    env = {"HTTP_HEADER_TIMEOUT": "300ms", "HTTP_BODY_TIMEOUT": "300ms", "HTTP_IDLE_TIMEOUT": "600ms"}
    # Generous for a 300-600 ms timeout, yet under the defaults (header 10 s, idle 30 s,
    # body 60 s): a close within it is the setting's doing.
    bound = 8

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.server.port), timeout=60)

    def assert_closed_within(self, sock, seconds):
        started = time.monotonic()
        self.assertEqual(sock.recv(65536), b"")
        self.assertLess(time.monotonic() - started, seconds)

    def test_idle_keep_alive_connection_is_closed(self):
        with self.connect() as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            self.assertIn(b" 200 ", s.recv(65536))
            self.assert_closed_within(s, self.bound)

    def test_slow_header_is_cut_off(self):
        with self.connect() as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost:")
            self.assert_closed_within(s, self.bound)

    def test_slow_body_is_cut_off(self):
        with self.connect() as s:
            s.sendall(b"POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            self.assert_closed_within(s, self.bound)


class NewConnectionTimeout(ServerTestCase):
    """A new connection gets the header timeout, not the idle timeout: the two are far apart
    here, so that the time it is closed after tells which one ended it."""

    env = {"HTTP_HEADER_TIMEOUT": "300ms", "HTTP_IDLE_TIMEOUT": "120s"}

    def test_silent_new_connection_is_cut_off_at_the_header_timeout(self):
        # The socket's own timeout is the deadline: far below the idle timeout (120 s), so a
        # close before it can only be the header timeout's; a socket.timeout fails the test.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=60) as s:
            self.assertEqual(s.recv(10), b"")


class DatabaseDown(ServerTestCase):
    env = {"DB_PORT": "1", "DB_CONNECT_TIMEOUT": "2s"}  # nothing listens there

    def test_readyz_is_503_naming_postgres_and_the_process_keeps_running(self):
        for _ in range(2):
            reply = self.get("/readyz")
            self.assertEqual(reply.status, 503)
            self.assertEqual(reply.json(),
                             {"status": "unavailable", "checks": {"postgres": "unavailable", "redis": "ok"}})
        self.assertEqual(self.get("/healthz").status, 200)


class RedisDown(ServerTestCase):
    env = {"REDIS_PORT": "1"}  # nothing listens there

    def test_readyz_is_503_naming_redis(self):
        reply = self.get("/readyz")
        self.assertEqual(reply.status, 503)
        self.assertEqual(reply.json(), {"status": "unavailable", "checks": {"postgres": "ok", "redis": "unavailable"}})
        self.assertRegex(self.get("/metrics").body.decode(), r"(?m)^redis_connect_failures_total [1-9]")


class JsonLogs(unittest.TestCase):
    def test_access_line_is_one_json_object(self):
        server = Server(env={"LOG_FORMAT": "json"})
        try:
            server.request("GET", "/healthz", headers={"X-Request-ID": "json-line-1"})
        finally:
            self.assertEqual(server.stop(), 0)
        lines = [line for line in server.log().splitlines() if "json-line-1" in line]
        self.assertEqual(len(lines), 1, server.log())
        event = json.loads(lines[0])
        self.assertEqual(event["route"], "/healthz")
        self.assertEqual(event["status"], 200)
        self.assertEqual(event["method"], "GET")
        self.assertIn("duration_ms", event)
        self.assertIn("ts", event)


if __name__ == "__main__":
    unittest.main()
