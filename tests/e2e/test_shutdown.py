"""Graceful shutdown on SIGTERM/SIGINT: stop accepting, finish what is in flight, exit 0."""

import http.client
import signal
import socket
import threading
import time
import unittest

from harness import E2E_SERVER, Server, read_all


class GracefulShutdown(unittest.TestCase):
    def test_request_in_flight_is_answered_then_exit_0(self):
        server = Server(E2E_SERVER)
        result = {}

        def slow_request():
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
            conn.request("GET", "/test/slow?ms=1500")
            response = conn.getresponse()
            result["status"] = response.status
            result["connection"] = response.getheader("Connection")
            result["body"] = response.read()

        worker = threading.Thread(target=slow_request)
        worker.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        self.assertIsNone(server.proc.poll(), "exited with a request in flight")
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
        worker.join(20)
        self.assertEqual(result.get("status"), 200, server.log())
        self.assertEqual(result["body"], b'{"text":"slept 1500 ms"}')
        self.assertEqual(result["connection"], "close")
        self.assertEqual(server.stop(), 0, server.log())

    def test_partly_received_request_is_finished(self):
        server = Server()
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
            time.sleep(0.3)
            server.send_signal(signal.SIGINT)
            time.sleep(0.3)
            self.assertIsNone(server.proc.poll())
            s.sendall(b"\r\n")
            reply = read_all(s)
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK"), reply)
        self.assertTrue(reply.endswith(b'{"status":"ok"}'), reply)
        self.assertEqual(server.stop(), 0, server.log())

    def test_idle_keep_alive_connections_do_not_delay_exit(self):
        server = Server()
        # /readyz leaves PostgreSQL and Redis connections open: they must not delay the exit either.
        self.assertEqual(server.request("GET", "/readyz").status, 200, server.log())
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/healthz")
        self.assertEqual(conn.getresponse().read(), b'{"status":"ok"}')
        started = time.monotonic()
        self.assertEqual(server.stop(timeout=5), 0, server.log())
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(conn.sock.recv(10), b"")  # closed by the server
        conn.close()

    def test_grace_period_bounds_the_wait(self):
        server = Server(E2E_SERVER, env={"SHUTDOWN_GRACE_PERIOD": "1s"})
        worker = threading.Thread(target=lambda: server.raw(b"GET /test/slow?ms=20000 HTTP/1.1\r\nHost: t\r\n\r\n", 30))
        worker.start()
        time.sleep(0.5)
        started = time.monotonic()
        self.assertEqual(server.stop(timeout=15), 0, server.log())
        self.assertLess(time.monotonic() - started, 8)
        self.assertIn("grace period over", server.log())
        worker.join(30)


if __name__ == "__main__":
    unittest.main()
