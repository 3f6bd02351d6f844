"""The web app at `/` in a real browser: Debian's Chromium, driven by Playwright
(app_browser.mjs), against the real `tessera serve` (the app embedded in the binary) and
`tessera worker`, with the mail that the worker sends read from the SMTP sink. Each journey
scans every page it shows with axe-core; the screenshots are kept as test artifacts. (The
app's files over plain HTTP are e2e.webapp.)"""

import os
import subprocess
import tempfile
import unittest
import uuid

from accounts import ApiTestCase
from test_images import MEDIA_ROOT, convert, gradient

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACTS = os.path.join(os.environ.get("TESSERA_ARTIFACTS_DIR", os.path.join(HERE, "artifacts")), "app")
ADMIN_PASSWORD = "admin password 1"


def sample_images():
    """Three small images of different formats and shapes, made here with libvips."""
    folder = tempfile.mkdtemp(prefix="tessera-app-images-")
    paths = []
    for name, (width, height), suffix in (("harbour", (800, 600), ".jpg"), ("meadow", (480, 640), ".png"),
                                          ("skyline", (1024, 512), ".webp")):
        path = os.path.join(folder, name + suffix)
        with open(path, "wb") as f:
            f.write(convert(gradient(width, height), suffix))
        paths.append(path)
    return paths


class WebApp(ApiTestCase):
    admin_email = f"app_admin_{uuid.uuid4().hex[:8]}@example.com"
    extra_settings = {"MEDIA_ROOT": MEDIA_ROOT, "FIRST_SUPERUSER": admin_email,
                      "FIRST_SUPERUSER_PASSWORD": ADMIN_PASSWORD}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.images = sample_images()

    def setUp(self):
        super().setUp()
        for key in self.redis.scan_iter("tessera:2fa_failures:*"):
            self.redis.delete(key)

    def journey(self, name):
        run = subprocess.run(
            ["node", os.path.join(HERE, "app_browser.mjs"), f"http://127.0.0.1:{self.server.port}", ARTIFACTS, name],
            capture_output=True, text=True, timeout=240, cwd=HERE,
            env={**os.environ, "APP_IMAGES": ":".join(self.images), "APP_SUPERUSER_EMAIL": self.admin_email,
                 "APP_SUPERUSER_PASSWORD": ADMIN_PASSWORD})
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr + "\nserver:\n" + self.server.log()[-3000:]
                         + "\nworker:\n" + self.worker.log()[-2000:])
        self.assertIn(f"journey {name}: passed", run.stdout)
        return run.stdout

    def test_sign_up_verify_log_in_upload_three_watch_them_ready_open_and_delete_one(self):
        out = self.journey("signup-upload-delete")
        self.assertIn("three images ready", out)

    def test_a_forgotten_password_is_reset_from_the_emails_link(self):
        self.journey("password-reset")

    def test_two_factor_set_up_then_a_login_with_a_code(self):
        self.journey("two-factor")

    def test_a_deactivated_users_open_page_ends_on_the_login_page(self):
        self.journey("deactivation")


if __name__ == "__main__":
    unittest.main()
