"""Graceful shutdown on SIGTERM/SIGINT: stop accepting, finish what is in flight, exit 0."""

import http.client
import signal
import socket
import threading
import time
import unittest

from harness import E2E_SERVER, Server, read_all, wait_until


class GracefulShutdown(unittest.TestCase):
    def start_slow_request(self, server, run):
        """Runs `run` on a thread, and returns once the server is serving the request it
        sends (its /metrics count one more request in flight)."""
        idle = server.requests_in_flight()
        worker = threading.Thread(target=run)
        worker.start()
        wait_until(lambda: server.requests_in_flight() > idle,
                   lambda: f"the slow request to be in flight:\n{server.log()}")
        return worker

    def test_request_in_flight_is_answered_then_exit_0(self):
        # The request outlasts the steps between its start and the listener's closing (they
        # take milliseconds) by far; the grace period outlasts the request.
        server = Server(E2E_SERVER, env={"SHUTDOWN_GRACE_PERIOD": "60s"})
        result = {}

        def slow_request():
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            conn.request("GET", "/test/slow?ms=10000")
            response = conn.getresponse()
            result["status"] = response.status
            result["connection"] = response.getheader("Connection")
            result["body"] = response.read()

        worker = self.start_slow_request(server, slow_request)
        server.send_signal(signal.SIGTERM)
        server.wait_for_log("shutting down")
        wait_until(server.refuses_connections, "the server to stop accepting connections")
        self.assertIsNone(server.proc.poll(), "exited with a request in flight")
        self.assertNotIn("status", result, "the slow request ended before the server stopped accepting")
        worker.join(60)
        self.assertEqual(result.get("status"), 200, server.log())
        self.assertEqual(result["body"], b'{"text":"slept 10000 ms"}')
        self.assertEqual(result["connection"], "close")
        self.assertEqual(server.stop(), 0, server.log())

    def test_partly_received_request_is_finished(self):
        # Timeouts far longer than the test: only the shutdown could end the request.
        server = Server(env={"HTTP_HEADER_TIMEOUT": "60s", "SHUTDOWN_GRACE_PERIOD": "60s"})
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
            server.wait_until_read(s)  # accepted, and its first bytes are in the server's hands
            server.send_signal(signal.SIGINT)
            server.wait_for_log("shutting down")
            wait_until(server.refuses_connections, "the server to stop accepting connections")
            self.assertIsNone(server.proc.poll())
            s.sendall(b"\r\n")
            reply = read_all(s)
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK"), reply)
        self.assertTrue(reply.endswith(b'{"status":"ok"}'), reply)
        self.assertEqual(server.stop(), 0, server.log())

    def test_idle_keep_alive_connections_do_not_delay_exit(self):
        # An idle timeout and a grace period far past the bound below: a server that waited
        # for the idle connection would overrun it.
        server = Server(env={"HTTP_IDLE_TIMEOUT": "120s", "SHUTDOWN_GRACE_PERIOD": "120s"})
        # /readyz leaves PostgreSQL and Redis connections open: they must not delay the exit either.
        self.assertEqual(server.request("GET", "/readyz").status, 200, server.log())
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/healthz")
        self.assertEqual(conn.getresponse().read(), b'{"status":"ok"}')
        # stop()'s deadline, 60 s, is half the grace period and the idle timeout: an exit
        # within it did not wait for the idle connection.
        self.assertEqual(server.stop(timeout=60), 0, server.log())
        self.assertNotIn("grace period over", server.log())
        self.assertEqual(conn.sock.recv(10), b"")  # closed by the server
        conn.close()

    def test_grace_period_bounds_the_wait(self):
        server = Server(E2E_SERVER, env={"SHUTDOWN_GRACE_PERIOD": "1s"})
        worker = self.start_slow_request(
            server, lambda: server.raw(b"GET /test/slow?ms=60000 HTTP/1.1\r\nHost: t\r\n\r\n", 90))
        started = time.monotonic()
        self.assertEqual(server.stop(timeout=45), 0, server.log())
        elapsed = time.monotonic() - started
        # The grace period, counted from the signal; stop()'s deadline (45 s, the request would
        # take 60) shows it did not wait for the request.
        self.assertGreaterEqual(elapsed, 1.0)
        self.assertIn("grace period over", server.log())
        worker.join(90)


if __name__ == "__main__":
    unittest.main()
