"""`tessera tasks inspect` and the queue gauges of /metrics, against the Redis of
scripts/services."""

import os
import subprocess
import unittest
import uuid

from harness import BASE_ENV, TESSERA_BIN, Server


def redis_cli(*args):
    command = ["redis-cli", "-h", os.environ["REDIS_HOST"], "-p", os.environ["REDIS_PORT"]]
    if os.environ.get("REDIS_PASSWORD"):
        command += ["-a", os.environ["REDIS_PASSWORD"], "--no-auth-warning"]
    return subprocess.run(command + list(args), capture_output=True, text=True, check=True).stdout.strip()


def inspect(*args, **env_overrides):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **BASE_ENV}
    for name in ("REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(env_overrides)
    return subprocess.run([TESSERA_BIN, "tasks", "inspect", *args], env=env, capture_output=True, text=True,
                          timeout=60)


class TasksInspect(unittest.TestCase):
    def setUp(self):
        for name in ("REDIS_HOST", "REDIS_PORT"):
            self.assertIn(name, os.environ, "run through scripts/test (it starts Redis)")
        self.queue = "inspect_" + uuid.uuid4().hex[:8]

    def tearDown(self):
        redis_cli("DEL", self.queue)

    def test_reports_the_depth_of_each_queue(self):
        for i in range(3):
            redis_cli("LPUSH", self.queue, f"message {i}")
        result = inspect("--queues", f"{self.queue},other_{self.queue}")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"queue {self.queue}: 3 waiting", result.stdout)
        self.assertIn(f"queue other_{self.queue}: 0 waiting", result.stdout)
        self.assertRegex(result.stdout, r"scheduled \(countdown, ETA, retries\): \d+")
        self.assertRegex(result.stdout, r"dead-lettered: \d+")

    def test_redis_down_is_a_clear_error(self):
        result = inspect(REDIS_PORT="1")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "")
        self.assertIn("tessera tasks: redis unavailable", result.stderr)


class QueueMetrics(unittest.TestCase):
    def setUp(self):
        self.queue = "metrics_" + uuid.uuid4().hex[:8]

    def tearDown(self):
        redis_cli("DEL", self.queue)

    def test_metrics_show_the_depth_of_the_configured_queues(self):
        for i in range(3):
            redis_cli("LPUSH", self.queue, f"message {i}")
        server = Server(env={"WORKER_QUEUES": f"{self.queue},empty_{self.queue}"})
        try:
            reply = server.request("GET", "/metrics")
        finally:
            server.stop()
        text = reply.body.decode()
        self.assertEqual(reply.status, 200)
        self.assertRegex(text, r"(?m)^tessera_queue_metrics_up 1$")
        self.assertRegex(text, rf'(?m)^tessera_queue_depth\{{queue="{self.queue}"\}} 3$')
        self.assertRegex(text, rf'(?m)^tessera_queue_depth\{{queue="empty_{self.queue}"\}} 0$')
        for gauge in ("tessera_queue_scheduled", "tessera_queue_dead_letters", "tessera_queue_workers"):
            self.assertRegex(text, rf"(?m)^{gauge} \d+$")

    def test_metrics_still_answer_when_redis_is_down(self):
        server = Server(env={"REDIS_PORT": "1"})
        try:
            reply = server.request("GET", "/metrics")
        finally:
            server.stop()
        self.assertEqual(reply.status, 200)
        self.assertRegex(reply.body.decode(), r"(?m)^tessera_queue_metrics_up 0$")
        self.assertNotIn("tessera_queue_depth", reply.body.decode())


if __name__ == "__main__":
    unittest.main()
