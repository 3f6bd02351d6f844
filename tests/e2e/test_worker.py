"""`tessera worker` as a process: graceful stop on SIGTERM, hand-back, and no lost task when a
worker is killed with SIGKILL (the at-least-once guarantee)."""

import json
import os
import signal
import tempfile
import time
import unittest
import uuid

from celery_message import envelope
from workers import recorded_ids, redis_client, tessera, tessera_worker


class WorkerProcess(unittest.TestCase):
    def setUp(self):
        for name in ("REDIS_HOST", "REDIS_PORT"):
            self.assertIn(name, os.environ, "run through scripts/test (it starts Redis)")
        self.redis = redis_client()
        self.queue = "e2e_worker_" + uuid.uuid4().hex[:8]
        self.record = os.path.join(tempfile.mkdtemp(prefix="tessera-record-"), "ids")
        self.workers = []

    def tearDown(self):
        for worker in self.workers:
            worker.close()
        self.redis.delete(self.queue)

    def start(self, **settings):
        worker = tessera_worker(self.queue, **settings)
        self.workers.append(worker)
        return worker

    def call(self, name, args, *options):
        result = tessera("tasks", "call", name, "--args", json.dumps(args), "-Q", self.queue, *options)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def state(self, task_id):
        record = self.redis.get(f"celery-task-meta-{task_id}")
        return json.loads(record) if record else None

    def wait_state(self, task_id, states, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            record = self.state(task_id)
            if record and record["status"] in states:
                return record
            time.sleep(0.02)
        self.fail(f"task {task_id} never reached {states}: {self.state(task_id)}")

    def test_tessera_worker_runs_echo(self):
        self.start(binary=os.environ.get("TESSERA_BIN", "build/debug/tessera"))
        task_id = self.call("tessera.echo", [1, "two"])
        record = self.wait_state(task_id, {"SUCCESS"})
        self.assertEqual(record["result"], [1, "two"])

    def test_sigterm_mid_task_lets_it_finish_and_exits_0(self):
        worker = self.start(WORKER_CONCURRENCY="1", SHUTDOWN_GRACE_PERIOD="20s")
        task_id = self.call("test.record", [self.record, 1500])
        self.wait_state(task_id, {"STARTED"})
        worker.signal(signal.SIGTERM)
        self.assertEqual(worker.wait(timeout=20), 0, worker.log())
        self.assertEqual(self.state(task_id)["status"], "SUCCESS")
        self.assertEqual(recorded_ids(self.record), [task_id])
        self.assertEqual(self.redis.llen(self.queue), 0)

    def test_sigterm_after_the_grace_period_hands_the_task_back(self):
        worker = self.start(WORKER_CONCURRENCY="1", SHUTDOWN_GRACE_PERIOD="300ms")
        task_id = self.call("test.record", [self.record, 3000])
        self.wait_state(task_id, {"STARTED"})
        worker.signal(signal.SIGTERM)
        self.assertEqual(worker.wait(timeout=30), 0, worker.log())
        self.assertEqual(recorded_ids(self.record), [])
        self.assertEqual(self.redis.llen(self.queue), 1)  # back, not lost
        self.assertIn("handing back the tasks still running", worker.log())
        self.start(WORKER_CONCURRENCY="1")
        self.wait_state(task_id, {"SUCCESS"})
        self.assertEqual(recorded_ids(self.record), [task_id])

    def test_a_second_signal_hands_back_at_once(self):
        # The task and the grace period outlast the bound on the exit by far: only the second
        # signal can end the wait.
        worker = self.start(WORKER_CONCURRENCY="1", SHUTDOWN_GRACE_PERIOD="120s")
        task_id = self.call("test.sleep_blocking", [120000])
        self.wait_state(task_id, {"STARTED"})
        worker.signal(signal.SIGTERM)
        worker.wait_for_log("stopping: finishing running tasks")  # the first signal is taken
        worker.signal(signal.SIGINT)
        self.assertEqual(worker.wait(timeout=30), 0, worker.log())
        self.assertEqual(self.redis.llen(self.queue), 1)

    def test_inspect_shows_the_live_worker_and_its_task(self):
        worker = self.start(WORKER_CONCURRENCY="1")
        task_id = self.call("test.record", [self.record, 2000])
        self.wait_state(task_id, {"STARTED"})
        report = tessera("tasks", "inspect", "--queues", self.queue)
        self.assertEqual(report.returncode, 0, report.stderr)
        self.assertRegex(report.stdout, rf":{worker.proc.pid}:[0-9a-f]{{4}} alive, queues {self.queue}, "
                                        r"concurrency 1, since \S+: 1 in progress")
        self.assertIn(f"test.record {task_id} (retries 0)", report.stdout)

    def test_no_task_is_lost_when_a_worker_is_killed(self):
        total = 300
        settings = {"WORKER_CONCURRENCY": "4"}
        first = self.start(**settings)
        self.start(**settings)
        ids = set()
        pipe = self.redis.pipeline()
        for _ in range(total):
            ids.add(self.call_fast(pipe, "test.record", [self.record, 20]))
        pipe.execute()
        deadline = time.time() + 60
        while len(recorded_ids(self.record)) < total // 3 and time.time() < deadline:
            time.sleep(0.01)
        first.signal(signal.SIGKILL)
        first.wait()
        self.start(**settings)
        while len(set(recorded_ids(self.record))) < total and time.time() < deadline:
            time.sleep(0.05)
        done = recorded_ids(self.record)
        self.assertEqual(set(done), ids, "lost tasks")
        duplicates = len(done) - len(set(done))
        print(f"\n{total} tasks, one of two workers killed with SIGKILL: none lost, "
              f"{duplicates} run twice", flush=True)
        # At most the tasks the killed worker had in hand run again.
        self.assertLessEqual(duplicates, 4)
        # Those came back through a live worker's reclaim, once the heartbeat expired.
        survivors = "".join(worker.log() for worker in self.workers[1:])
        self.assertIn("returned the tasks of dead workers to their queues", survivors)
        for task_id in ids:
            self.assertEqual(self.state(task_id)["status"], "SUCCESS", task_id)

    def call_fast(self, pipe, name, args):
        """Queues a task in `pipe` the way Tessera and kombu do (no process per task)."""
        task_id = str(uuid.uuid4())
        pipe.lpush(self.queue, envelope(task_id, name, args, self.queue))
        return task_id


if __name__ == "__main__":
    unittest.main()
