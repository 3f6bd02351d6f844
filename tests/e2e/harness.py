"""Starts a tessera server process on a free port and talks HTTP/1.1 to it."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import unittest

TESSERA_BIN = os.environ.get("TESSERA_BIN", "build/debug/tessera")
E2E_SERVER = os.environ.get("TESSERA_E2E_SERVER", "build/debug/tests/e2e/tessera_e2e_server")

BASE_ENV = {
    "JWT_SECRET_KEY": "e2e-secret-key-that-is-long-enough-0123456789",
    "DB_USER": "tessera",
    "DB_NAME": "tessera",
    "HTTP_HOST": "127.0.0.1",
    "HTTP_THREADS": "2",
    "LOG_LEVEL": "info",
}


def wait_until(condition, what, timeout=30, interval=0.02):
    """Polls `condition` until it returns something true, and returns that; raises
    AssertionError naming `what` (a text, or a function that makes it then) when `timeout`
    seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for "
                                 f"{what() if callable(what) else what}")
        time.sleep(interval)


def _tcp_queues(local_port, remote_port):
    """(tx_queue, rx_queue) of the established IPv4 TCP socket from local_port to remote_port
    (on 127.0.0.1), from /proc/net/tcp; None when there is none."""
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            local, remote, state, queues = fields[1], fields[2], fields[3], fields[4]
            if (state == "01" and int(local.split(":")[1], 16) == local_port
                    and int(remote.split(":")[1], 16) == remote_port):
                tx, rx = queues.split(":")
                return int(tx, 16), int(rx, 16)
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running server; stop() sends SIGTERM and returns the exit status."""

    def __init__(self, binary=TESSERA_BIN, env=None, args=("serve",), cwd=None):
        self.port = free_port()
        self.signalled = False
        self.cwd = cwd or tempfile.mkdtemp(prefix="tessera-e2e-")
        full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        # Sanitizer options, and the servers of scripts/services when the tests run there.
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "DB_HOST", "DB_PORT", "DB_USER",
                     "DB_PASS", "DB_NAME", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "SMTP_HOST",
                     "SMTP_PORT", "SMTP_MAILDIR"):
            if name in os.environ:
                full_env[name] = os.environ[name]
        full_env.update(BASE_ENV)
        full_env["HTTP_PORT"] = str(self.port)
        full_env.update(env or {})
        self.log_path = os.path.join(self.cwd, "server.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, *args], cwd=self.cwd, env=full_env,
                                     stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start listening:\n" + self.log())

    def log(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, text, timeout=30):
        wait_until(lambda: text in self.log(), lambda: f"{text!r} in the server log:\n{self.log()}",
                   timeout)

    def requests_in_flight(self):
        """The server's http_requests_in_flight, which counts this /metrics request too."""
        text = self.request("GET", "/metrics").body.decode()
        return int(re.search(r"(?m)^http_requests_in_flight (\d+)$", text).group(1))

    def refuses_connections(self):
        """True when a new connection is refused: nothing listens on the port any more."""
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
            return False
        except ConnectionRefusedError:
            return True
        except OSError:
            return False

    def wait_until_read(self, sock, timeout=30):
        """Waits until the server has read every byte sent on `sock` (a connection to it):
        the client side has nothing unacknowledged and the server side nothing unread, so
        the server has accepted the connection and holds the bytes."""
        client_port = sock.getsockname()[1]

        def read():
            client = _tcp_queues(client_port, self.port)
            server = _tcp_queues(self.port, client_port)
            return client is not None and server is not None and client[0] == 0 and server[1] == 0

        wait_until(read, "the server to read what was sent", timeout)

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()

    def raw(self, data, read_timeout=10):
        """Sends raw bytes on a new connection and returns everything read until close."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout) as s:
            s.sendall(data)
            return read_all(s)

    def send_chunked(self, head, body, chunk_size=65536):
        """Sends `head` (ending with Transfer-Encoding: chunked and a blank line), then `body`
        in chunks until the server stops reading; returns (its first reply bytes, body bytes
        sent). A server that answers early and closes makes the sending fail: that is fine."""
        sent = 0
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(head)
            try:
                for start in range(0, len(body), chunk_size):
                    chunk = body[start:start + chunk_size]
                    s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return s.recv(65536), sent

    def send_signal(self, sig=signal.SIGTERM):
        self.signalled = True
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Signals the server (unless signal() did already) and waits for its exit status."""
        if self.proc.poll() is None and not self.signalled:
            self.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def read_all(sock):
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class ServerTestCase(unittest.TestCase):
    """One server for the whole class."""

    binary = TESSERA_BIN
    env = {}

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.binary, env=cls.env)

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        if status != 0:
            raise AssertionError(f"server exited with {status}:\n{cls.server.log()}")

    def get(self, path, **kw):
        return self.server.request("GET", path, **kw)
