"""API.md's Web app section, over HTTP: the app's files compiled into the binary, served at
`/` with ETags, long-lived caching for hashed assets and gzip; client-side routes answer
index.html; the API's own paths never do. (The journeys in a browser are e2e.app.)"""

import re
import unittest

from harness import ServerTestCase


class WebApp(ServerTestCase):
    def index(self, path="/", headers=None):
        reply = self.get(path, headers=headers or {})
        self.assertEqual(reply.status, 200, reply.body[:300])
        self.assertTrue(reply.headers["content-type"].startswith("text/html"), reply.headers)
        return reply

    def assets(self):
        page = self.index().body.decode()
        found = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
        self.assertTrue(any(a.endswith(".js") for a in found), page)
        return found

    def test_the_app_is_served_at_the_root_under_a_strict_policy(self):
        reply = self.index()
        page = reply.body.decode()
        self.assertIn('<div id="app"', page)
        self.assertNotIn("not part of this build", page)
        policy = reply.headers["content-security-policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertEqual(reply.headers["x-frame-options"], "DENY")
        # No inline script: every <script> names a file of ours.
        for tag in re.findall(r"<script\b[^>]*>", page):
            self.assertRegex(tag, r'src="/assets/')
        self.assertNotRegex(page, r"<script\b[^>]*>\s*[^<\s]")
        self.assertNotIn("http://", page.replace("http://www.w3.org", ""))
        self.assertNotIn("https://", page)

    def test_index_is_revalidated_with_its_etag(self):
        reply = self.index()
        self.assertEqual(reply.headers["cache-control"], "no-cache")
        etag = reply.headers["etag"]
        again = self.get("/", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(again.headers["etag"], etag)

    def test_hashed_assets_are_cached_for_a_year_and_gzipped(self):
        for asset in self.assets():
            plain = self.get(asset)
            self.assertEqual(plain.status, 200, asset)
            self.assertEqual(plain.headers["cache-control"], "public, max-age=31536000, immutable")
            self.assertIn("etag", plain.headers)
            if asset.endswith(".js"):
                self.assertTrue(plain.headers["content-type"].startswith("text/javascript"))
            zipped = self.get(asset, headers={"Accept-Encoding": "gzip"})
            self.assertEqual(zipped.headers.get("content-encoding"), "gzip", asset)
            self.assertLess(len(zipped.body), len(plain.body))

    def test_client_side_routes_answer_the_apps_page(self):
        page = self.index().body
        for path in ("/login", "/gallery", "/images/0b6b0b5e-0000-4000-8000-000000000000",
                     "/reset-password?token=abc", "/verify-email?result=ok", "/admin/users"):
            self.assertEqual(self.index(path).body, page, path)

    def test_the_apis_paths_stay_the_apis(self):
        for path in ("/api/v1/no-such-thing", "/api", "/api/"):
            reply = self.get(path)
            self.assertEqual(reply.status, 404, path)
            self.assertEqual(reply.json(), {"detail": "Not Found"})
        self.assertEqual(self.get("/healthz").json(), {"status": "ok"})
        self.assertEqual(self.get("/assets/no-such-file.js").status, 404)

    def test_only_get_and_head_fall_back_to_the_app(self):
        reply = self.server.request("POST", "/gallery", body="{}", headers={"Content-Type": "application/json"})
        self.assertEqual(reply.status, 404)
        head = self.server.request("HEAD", "/gallery")
        self.assertEqual(head.status, 200)


if __name__ == "__main__":
    unittest.main()
