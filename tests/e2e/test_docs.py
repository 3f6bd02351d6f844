"""/openapi.json is valid OpenAPI 3.1 (checked by a real validator); /docs works offline."""

import gzip
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import E2E_SERVER, ServerTestCase

SOURCE_DIR = os.environ.get("TESSERA_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
VALIDATOR = os.path.join(SOURCE_DIR, "node_modules", ".bin", "validate-api")


class OpenApiDocument(ServerTestCase):
    binary = E2E_SERVER

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reply = cls.server.request("GET", "/openapi.json")
        assert reply.status == 200, reply.status
        cls.document = reply.json()

    def test_passes_an_openapi_3_1_validator(self):
        self.assertTrue(os.path.exists(VALIDATOR), f"{VALIDATOR} missing: run scripts/deps")
        node = shutil.which("node") or shutil.which("nodejs")
        self.assertIsNotNone(node, "node is not installed")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(self.document, f)
        result = subprocess.run([node, VALIDATOR, f.name], capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("valid", (result.stdout + result.stderr).lower())
        self.assertNotIn("invalid", (result.stdout + result.stderr).lower())

    def test_version_and_security_scheme(self):
        self.assertEqual(self.document["openapi"], "3.1.0")
        scheme = self.document["components"]["securitySchemes"]["OAuth2PasswordBearer"]
        self.assertEqual(scheme["flows"]["password"]["tokenUrl"], "/api/v1/auth/login")

    def test_routes_with_their_schemas(self):
        paths = self.document["paths"]
        self.assertIn("/healthz", paths)
        self.assertNotIn("/docs", paths)
        create = paths["/test/items/"]["post"]
        self.assertEqual(create["requestBody"]["content"]["application/json"]["schema"],
                         {"$ref": "#/components/schemas/ItemCreate"})
        self.assertIn("201", create["responses"])
        self.assertEqual(create["responses"]["422"]["content"]["application/json"]["schema"],
                         {"$ref": "#/components/schemas/HTTPValidationError"})
        schemas = self.document["components"]["schemas"]
        item = schemas["ItemCreate"]
        self.assertEqual(sorted(item["required"]), ["name", "quantity"])
        self.assertEqual(item["properties"]["quantity"]["minimum"], 1)
        self.assertEqual(item["properties"]["name"]["maxLength"], 50)
        one = paths["/test/items/{id}"]["get"]
        [param] = one["parameters"]
        self.assertEqual(param, {"name": "id", "in": "path", "required": True,
                                 "schema": {"type": "string", "format": "uuid"}})
        listing = paths["/test/items/"]["get"]
        names = {p["name"]: p for p in listing["parameters"]}
        self.assertEqual(names["limit"]["in"], "query")
        self.assertFalse(names["limit"]["required"])
        self.assertEqual(names["limit"]["schema"]["default"], 100)
        form = paths["/test/login"]["post"]["requestBody"]["content"]
        self.assertIn("application/x-www-form-urlencoded", form)
        self.assertNotIn("requestBody", paths["/test/items/{id}"]["delete"])
        self.assertIn("204", paths["/test/items/{id}"]["delete"]["responses"])


class DocsPage(ServerTestCase):
    def test_docs_page_loads_its_own_assets(self):
        reply = self.get("/docs")
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.headers["content-type"], "text/html; charset=utf-8")
        page = reply.body.decode()
        self.assertIn("/docs/swagger-ui-bundle.js", page)
        self.assertNotIn("cdn", page.lower())
        init = self.get("/docs/swagger-init.js")
        self.assertIn("/openapi.json", init.body.decode())
        self.assertIn("oauth2-redirect.html", init.body.decode())

    def test_assets_have_content_types(self):
        expected = {
            "/docs/swagger-ui-bundle.js": "text/javascript; charset=utf-8",
            "/docs/swagger-ui.css": "text/css; charset=utf-8",
            "/docs/oauth2-redirect.html": "text/html; charset=utf-8",
            "/docs/favicon-32x32.png": "image/png",
        }
        for path, content_type in expected.items():
            reply = self.get(path)
            self.assertEqual(reply.status, 200, path)
            self.assertEqual(reply.headers["content-type"], content_type, path)
            self.assertGreater(len(reply.body), 100, path)

    def test_bundle_is_sent_compressed_when_accepted(self):
        plain = self.get("/docs/swagger-ui-bundle.js")
        packed = self.get("/docs/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip, br"})
        self.assertEqual(packed.headers["content-encoding"], "gzip")
        self.assertLess(len(packed.body), len(plain.body) / 2)
        self.assertEqual(gzip.decompress(packed.body), plain.body)

    def test_unknown_asset_is_404(self):
        self.assertEqual(self.get("/docs/nothing.js").status, 404)


if __name__ == "__main__":
    unittest.main()
