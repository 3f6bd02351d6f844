"""The docs page in a real browser: Debian's Chromium, driven by Playwright (docs_browser.mjs),
against the real `tessera serve`. Its screenshot after Authorize is kept as a test artifact."""

import os
import subprocess
import unittest

from accounts import ApiTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACTS = os.environ.get("TESSERA_ARTIFACTS_DIR", os.path.join(HERE, "artifacts"))


class DocsPage(ApiTestCase):
    def test_authorize_then_try_it_out_on_users_me(self):
        address, _, _ = self.session()
        os.makedirs(ARTIFACTS, exist_ok=True)
        screenshot = os.path.join(ARTIFACTS, "docs-authorized.png")
        if os.path.exists(screenshot):
            os.remove(screenshot)
        run = subprocess.run(
            ["node", os.path.join(HERE, "docs_browser.mjs"), f"http://127.0.0.1:{self.server.port}", address,
             "correct horse", screenshot],
            capture_output=True, text=True, timeout=180, cwd=HERE)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr + "\n" + self.server.log()[-3000:])
        self.assertIn("GET /api/v1/users/me -> 200", run.stdout)
        with open(screenshot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
