"""Self-test of check_layers.py: runs it with --root on small temporary source trees."""
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import check_layers

SCRIPT = Path(__file__).resolve().parent / "check_layers.py"


class CheckLayersTest(unittest.TestCase):
    def run_on(self, files):
        """Write {relative path: text} under a fresh src/ and run the checker on it."""
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "src"
            for rel, text in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(text)
            return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)],
                                  capture_output=True, text=True)

    # A small tree that obeys the table; each case adds one file to it.
    CLEAN = {
        "core/a.hpp": "#pragma once\n#include <string>\n",
        "http/http_error.hpp": '#include "core/a.hpp"\n',
        "services/x.cpp": '#include "core/a.hpp"\n#include "services/x.hpp"\n#include "local.hpp"\n',
        "services/x.hpp": "#pragma once\n",
    }

    def test_clean_tree_passes(self):
        result = self.run_on(self.CLEAN)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertEqual(result.stdout.strip(), "layers: 4 files, 3 includes, no violations")

    def test_services_including_http_fails(self):
        result = self.run_on({**self.CLEAN, "services/x.cpp":
                              '#include "core/a.hpp"\n\n#include "http/http_error.hpp"\n'})
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/services/x.cpp:3: services may not include http/http_error.hpp "
                      "(services may use: core, schema,", result.stdout)

    def test_unknown_folder_fails(self):
        result = self.run_on({**self.CLEAN, "storage/s.hpp": "#pragma once\n",
                              "services/y.cpp": '#include "storage/s.hpp"\n'})
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/services/y.cpp:1: services may not include storage/s.hpp "
                      "(storage is not in the layer table)", result.stdout)

    def test_sub_folder_belongs_to_top_folder(self):
        result = self.run_on({**self.CLEAN, "db/migrations/y.cpp": '#include "core/a.hpp"\n'})
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_main_including_services_fails(self):
        result = self.run_on({**self.CLEAN, "main.cpp": '#include "services/x.hpp"\n'})
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/main.cpp:1: main may not include services/x.hpp "
                      "(main may use: core, app)", result.stdout)

    def test_table_only_looks_down(self):
        # Every allowed folder is itself in the table, and following the table never loops back.
        def below(folder, seen=()):
            self.assertNotIn(folder, seen, f"cycle: {' -> '.join(seen + (folder,))}")
            for used in check_layers.LAYERS[folder]:
                self.assertIn(used, check_layers.LAYERS)
                below(used, seen + (folder,))
        for folder in check_layers.LAYERS:
            below(folder)


if __name__ == "__main__":
    unittest.main()
