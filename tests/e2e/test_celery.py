"""Interoperability with the real Celery (Debian's python3-celery) on the same Redis: a
Python client's tasks run on Tessera's worker, and Tessera's tasks on a Python worker."""

import json
import os
import signal
import time
import unittest
import uuid

from celery.exceptions import NotRegistered

from workers import celery_worker, redis_client, redis_url, tessera, tessera_worker


def celery_client():
    """celery_app's client side, on the Redis of scripts/services."""
    os.environ["CELERY_BROKER"] = redis_url()
    import celery_app
    return celery_app.app


class CeleryClientAndTesseraWorker(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.queue = "e2e_celery_" + uuid.uuid4().hex[:8]
        cls.worker = tessera_worker(cls.queue, TASK_MAX_RETRIES="0")
        cls.app = celery_client()

    @classmethod
    def tearDownClass(cls):
        cls.worker.signal(signal.SIGTERM)
        cls.worker.wait()
        redis_client().delete(cls.queue)

    def test_send_task_echo_returns_the_arguments(self):
        result = self.app.send_task("tessera.echo", args=[1, "two", {"three": 3}], queue=self.queue)
        self.assertEqual(result.get(timeout=30), [1, "two", {"three": 3}])
        self.assertEqual(result.state, "SUCCESS")

    def test_keyword_arguments_come_back_too(self):
        result = self.app.send_task("tessera.echo", args=[1], kwargs={"a": [2]}, queue=self.queue)
        self.assertEqual(result.get(timeout=30), {"args": [1], "kwargs": {"a": [2]}})

    def test_a_failure_is_raised_in_python(self):
        result = self.app.send_task("test.fail", queue=self.queue)
        with self.assertRaises(Exception) as raised:
            result.get(timeout=30)
        self.assertEqual(type(raised.exception).__name__, "RuntimeError")
        self.assertIn("boom", str(raised.exception))
        self.assertEqual(result.state, "FAILURE")

    def test_an_unknown_task_is_not_registered(self):
        result = self.app.send_task("nobody.knows", queue=self.queue)
        with self.assertRaises(NotRegistered):
            result.get(timeout=30)

    def test_countdown_from_celery_is_honoured(self):
        sent = time.monotonic()
        result = self.app.send_task("tessera.echo", args=["later"], countdown=1, queue=self.queue)
        self.assertEqual(result.get(timeout=30), ["later"])
        self.assertGreaterEqual(time.monotonic() - sent, 1.0)


class TesseraClientAndCeleryWorker(unittest.TestCase):
    def setUp(self):
        self.queue = "e2e_celery_" + uuid.uuid4().hex[:8]
        self.worker = celery_worker(self.queue)
        self.app = celery_client()

    def tearDown(self):
        self.worker.signal(signal.SIGTERM)
        self.worker.wait()
        redis_client().delete(self.queue)

    def test_a_task_sent_by_tessera_runs_on_the_python_worker(self):
        sent = tessera("tasks", "call", "e2e.add", "--args", json.dumps([2, 3]), "-Q", self.queue)
        self.assertEqual(sent.returncode, 0, sent.stderr)
        task_id = sent.stdout.strip()
        self.assertEqual(self.app.AsyncResult(task_id).get(timeout=30), 5)
        self.assertIn(f"e2e.add[{task_id}]", self.worker.log())


if __name__ == "__main__":
    unittest.main()
