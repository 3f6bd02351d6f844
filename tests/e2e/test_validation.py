"""FastAPI-shaped validation errors and error mapping, through the e2e server."""

import json
import unittest

from harness import E2E_SERVER, ServerTestCase

JSON = {"Content-Type": "application/json"}
ITEM_ID = "3f2b8c1e-8d4a-4c6e-9b1a-2f3e4d5c6b7a"


class Validation(ServerTestCase):
    binary = E2E_SERVER

    def post_json(self, path, payload, headers=JSON):
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return self.server.request("POST", path, body=body, headers=headers)

    def test_valid_body_is_decoded_and_encoded(self):
        reply = self.post_json("/test/items/", {"name": "pen", "quantity": 3, "unknown": 1,
                                                "owner_email": "Alice@Example.COM"})
        self.assertEqual(reply.status, 201, reply.body)
        item = reply.json()
        self.assertEqual(item["name"], "pen")
        self.assertEqual(item["quantity"], 3)
        self.assertIsNone(item["note"])
        self.assertEqual(item["tags"], [])
        self.assertEqual(item["owner_email"], "alice@example.com")
        self.assertNotIn("unknown", item)

    def test_every_problem_is_listed(self):
        reply = self.post_json("/test/items/", {"quantity": 0, "note": 5, "tags": ["a", 2],
                                                "owner_email": "not-an-email"})
        self.assertEqual(reply.status, 422)
        detail = reply.json()["detail"]
        by_loc = {tuple(item["loc"]): item for item in detail}
        self.assertEqual(by_loc[("body", "name")]["type"], "missing")
        self.assertEqual(by_loc[("body", "name")]["msg"], "Field required")
        self.assertEqual(by_loc[("body", "quantity")]["type"], "greater_than_equal")
        self.assertEqual(by_loc[("body", "note")]["type"], "string_type")
        self.assertEqual(by_loc[("body", "tags", 1)]["type"], "string_type")
        self.assertEqual(by_loc[("body", "owner_email")]["type"], "value_error")
        self.assertEqual(len(detail), 5, detail)

    def test_bad_json_is_json_invalid(self):
        reply = self.post_json("/test/items/", b'{"name": "x",')
        self.assertEqual(reply.status, 422)
        [item] = reply.json()["detail"]
        self.assertEqual(item["loc"][0], "body")
        self.assertEqual(item["type"], "json_invalid")

    def test_deep_nesting_is_422_not_a_crash(self):
        reply = self.post_json("/test/items/", b"[" * 100000 + b"]" * 100000)
        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["detail"][0]["type"], "json_invalid")
        self.assertEqual(self.get("/healthz").status, 200)

    def test_body_that_is_not_an_object(self):
        reply = self.post_json("/test/items/", [1, 2])
        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["detail"][0]["type"], "model_attributes_type")

    def test_wrong_content_type_is_415(self):
        reply = self.post_json("/test/items/", {"name": "x", "quantity": 1}, headers={"Content-Type": "text/plain"})
        self.assertEqual(reply.status, 415)
        self.assertIn("detail", reply.json())

    def test_malformed_uuid_path_parameter(self):
        reply = self.get("/test/items/not-a-uuid")
        self.assertEqual(reply.status, 422)
        [item] = reply.json()["detail"]
        self.assertEqual(item["loc"], ["path", "id"])
        self.assertEqual(item["type"], "uuid_parsing")

    def test_uuid_path_parameter(self):
        reply = self.get(f"/test/items/{ITEM_ID}")
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json()["id"], ITEM_ID)
        self.assertEqual(self.server.request("DELETE", f"/test/items/{ITEM_ID}").status, 204)

    def test_query_defaults_and_limits(self):
        self.assertEqual(self.get("/test/items/").json(), {"skip": 0, "limit": 100})
        self.assertEqual(self.get("/test/items?skip=5&limit=7").json(), {"skip": 5, "limit": 7})
        reply = self.get("/test/items/?skip=-1&limit=abc")
        self.assertEqual(reply.status, 422)
        by_loc = {tuple(item["loc"]): item["type"] for item in reply.json()["detail"]}
        self.assertEqual(by_loc, {("query", "skip"): "greater_than_equal", ("query", "limit"): "int_parsing"})

    def test_form_body(self):
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = self.post_json("/test/login", "username=a%40b.c&password=x+y", headers=form)
        self.assertEqual(reply.status, 200, reply.body)
        self.assertEqual(reply.json(), {"text": "a@b.c"})
        reply = self.post_json("/test/login", "password=x", headers=form)
        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["detail"][0]["loc"], ["body", "username"])

    def test_password_is_never_echoed_in_errors(self):
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = self.post_json("/test/login", "username=x&password=hunter2&password=again", headers=form)
        self.assertNotIn(b"hunter2", reply.body)

    def test_http_error_gives_its_status_detail_and_headers(self):
        reply = self.get("/test/fail/teapot")
        self.assertEqual(reply.status, 418)
        self.assertEqual(reply.json(), {"detail": "I'm a teapot"})
        self.assertEqual(reply.headers["x-extra"], "1")

    def test_unavailable_dependency_is_503(self):
        reply = self.get("/test/fail/unavailable")
        self.assertEqual(reply.status, 503)
        self.assertNotIn(b"10.0.0.1", reply.body)

    def test_unexpected_error_is_500_without_internals(self):
        reply = self.get("/test/fail/crash")
        self.assertEqual(reply.status, 500)
        self.assertEqual(reply.json(), {"detail": "Internal Server Error"})
        self.assertEqual(self.get("/healthz").status, 200)


if __name__ == "__main__":
    unittest.main()
