"""API.md's Auth rules on HTTP framing and security headers, on raw sockets against the real
server: a request whose Transfer-Encoding does not end in chunked is refused with 400 and the
connection closed, so that no body is ever taken for a second request (request smuggling,
RFC 9112 §6.3 and §11.2); every response has X-Content-Type-Options: nosniff, and HTML pages
a strict Content-Security-Policy and X-Frame-Options: DENY."""

import json
import re
import socket
import unittest
import uuid

from harness import E2E_SERVER, ServerTestCase

# Anywhere, not only at a line's start: a second response follows the first one's body.
STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


def exchange(port, data, timeout=10):
    """Sends `data` on a new connection; returns (every byte the server sent, whether it closed
    the connection). A reset after the answer counts as closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks, closed = [], False
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            chunks.append(chunk)
        return b"".join(chunks), closed


def parse_head(data):
    """(status, {lower-case name: value}, body) of the first response in `data`."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


class Smuggling(ServerTestCase):
    binary = E2E_SERVER

    def smuggled(self, marker):
        """A whole second request, which must never be answered nor even seen."""
        return (f"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-ID: {marker}\r\n\r\n").encode()

    def assert_one_refusal(self, data, status=400, marker=None):
        """One answer, `status` {"detail"} with Connection: close, then the connection closed;
        the request marked `marker` never reached the application."""
        reply, closed = exchange(self.server.port, data)
        self.assertEqual(STATUS_LINE.findall(reply), [str(status).encode()], reply)
        code, headers, body = parse_head(reply)
        # HTTP/1.0 closes unless told otherwise; 1.1 must say it.
        default = "close" if reply.startswith(b"HTTP/1.0 ") else None
        self.assertEqual(headers.get("connection", default), "close", reply)
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn("detail", json.loads(body))
        self.assertTrue(closed, "the server kept the connection open")
        if marker:
            self.assertNotIn(marker, self.server.log())
        return json.loads(body)["detail"]

    def test_gzip_without_chunked_is_400_and_its_body_is_not_a_second_request(self):
        # Beast alone reads this as a request without a body, and answers the body as a second
        # request: a front end that honours Transfer-Encoding would never see that one.
        marker = "smuggled-" + uuid.uuid4().hex
        detail = self.assert_one_refusal(
            b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: gzip\r\n\r\n" + self.smuggled(marker), marker=marker)
        self.assertEqual(detail, "Transfer-Encoding must end with a single chunked")

    def test_chunked_then_gzip_is_400(self):
        marker = "smuggled-" + uuid.uuid4().hex
        body = self.smuggled(marker)
        self.assert_one_refusal(
            b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
            + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) + body, marker=marker)
        # The same list over two header lines.
        self.assert_one_refusal(
            b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
            b"Transfer-Encoding: gzip\r\n\r\n" + body, marker=marker)

    def test_other_codings_that_do_not_end_in_chunked_are_400(self):
        for coding in (b"identity", b"chunked, chunked", b"chunked;x=1", b"xchunked", b""):
            with self.subTest(coding):
                marker = "smuggled-" + uuid.uuid4().hex
                self.assert_one_refusal(
                    b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: " + coding
                    + b"\r\n\r\n" + self.smuggled(marker), marker=marker)

    def test_transfer_encoding_with_content_length_is_400_and_closes(self):
        # RFC 9112 §6.1 lets a server either refuse such a request or read it by its
        # Transfer-Encoding alone, and close the connection after it in both cases. We refuse
        # it (400, then close): a proxy in front may have read the Content-Length instead, and
        # whatever we would read, it could disagree on where the next request starts.
        marker = "smuggled-" + uuid.uuid4().hex
        second = self.smuggled(marker)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(second), second)
        for fields in (b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
                       b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                       b"Transfer-Encoding: gzip\r\nContent-Length: %d\r\n" % len(chunked),
                       b"Content-Length: 0\r\nTransfer-Encoding: gzip\r\n"):
            with self.subTest(fields):
                self.assert_one_refusal(b"POST /test/items/ HTTP/1.1\r\nHost: t\r\n" + fields
                                        + b"\r\n" + chunked, marker=marker)

    def test_transfer_encoding_on_http_1_0_is_400(self):
        marker = "smuggled-" + uuid.uuid4().hex
        body = b'{"name":"a","quantity":1}'
        detail = self.assert_one_refusal(
            b"POST /test/items/ HTTP/1.0\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
            + self.smuggled(marker), marker=marker)
        self.assertEqual(detail, "Transfer-Encoding is not allowed in HTTP/1.0")

    def test_codings_before_chunked_are_501(self):
        # gzip, chunked is framed unambiguously, but we decode no coding but chunked.
        body = b'{"name":"a","quantity":1}'
        self.assert_one_refusal(
            b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: gzip, chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body),
            status=501)

    def test_a_chunked_body_still_works_and_the_connection_stays_open(self):
        body = b'{"name":"chunky","quantity":2}'
        data, closed = exchange(
            self.server.port,
            b"POST /test/items/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: Chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
            + b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        self.assertEqual(STATUS_LINE.findall(data), [b"201", b"200"], data)
        self.assertIn(b'"name":"chunky"', data)
        self.assertTrue(closed)


class SecurityHeaders(ServerTestCase):
    binary = E2E_SERVER

    def assert_nosniff_only(self, headers, what):
        self.assertEqual(headers.get("x-content-type-options"), "nosniff", f"{what}: {headers}")
        self.assertNotIn("content-security-policy", headers, what)
        self.assertNotIn("x-frame-options", headers, what)

    def test_json_answers_and_errors_are_nosniff(self):
        cases = {
            "JSON": (200, "GET", "/healthz", None, {}),
            "HEAD": (200, "HEAD", "/healthz", None, {}),
            "not found": (404, "GET", "/api/v1/no/such/page", None, {}),
            "wrong method": (405, "DELETE", "/healthz", None, {}),
            "invalid body": (422, "POST", "/test/items/", "{}", {"Content-Type": "application/json"}),
            "wrong media type": (415, "POST", "/test/items/", "x", {"Content-Type": "text/plain"}),
            "handler bug": (500, "GET", "/test/fail/other", None, {}),
            "dependency down": (503, "GET", "/test/fail/unavailable", None, {}),
            "JavaScript asset": (200, "GET", "/docs/swagger-ui-bundle.js", None, {}),
        }
        for what, (status, method, path, body, headers) in cases.items():
            with self.subTest(what):
                reply = self.server.request(method, path, body=body, headers=headers)
                self.assertEqual(reply.status, status, reply.body[:200])
                self.assert_nosniff_only(reply.headers, what)

    def test_refusals_before_routing_are_nosniff(self):
        cases = {
            400: b"THIS IS NOT HTTP\r\n\r\n",
            413: b"POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n",
            431: b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n",
        }
        for status, data in cases.items():
            with self.subTest(status):
                reply, _ = exchange(self.server.port, data)
                code, headers, _ = parse_head(reply)
                self.assertEqual(code, status, reply[:300])
                self.assert_nosniff_only(headers, str(status))

    def assert_strict_page(self, reply):
        self.assertEqual(reply.status, 200)
        self.assertTrue(reply.headers["content-type"].startswith("text/html"))
        self.assertEqual(reply.headers["x-content-type-options"], "nosniff")
        self.assertEqual(reply.headers["x-frame-options"], "DENY")
        policy = {d.split()[0]: d.split()[1:] for d in reply.headers["content-security-policy"].split(";")
                  if d.strip()}
        self.assertEqual(policy["default-src"], ["'none'"])
        self.assertEqual(policy["script-src"], ["'self'"])  # no inline script, no eval
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertNotIn("'unsafe-inline'", sum(policy.values(), []))
        # And the page needs no inline script: every script is a file of ours.
        page = reply.body.decode()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        self.assertTrue(scripts)
        for attributes, text in scripts:
            self.assertRegex(attributes, r'src="(/docs/)?[\w.-]+\.js"')
            self.assertEqual(text.strip(), "")
        self.assertNotRegex(page, r"(?i)\son\w+\s*=")  # no inline event handlers either

    def test_docs_page_has_a_strict_policy_and_refuses_framing(self):
        self.assert_strict_page(self.get("/docs"))

    def test_oauth2_redirect_page_too_and_its_script_is_served(self):
        self.assert_strict_page(self.get("/docs/oauth2-redirect.html"))
        script = self.get("/docs/oauth2-redirect.js")
        self.assertEqual(script.status, 200)
        self.assertEqual(script.headers["content-type"], "text/javascript; charset=utf-8")
        self.assertIn(b"swaggerUIRedirectOauth2", script.body)


if __name__ == "__main__":
    unittest.main()
