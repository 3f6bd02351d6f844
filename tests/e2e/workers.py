"""Worker processes (Tessera's and Python Celery's) and a Redis client for the task tests."""

import os
import subprocess
import tempfile
import time

import redis

from harness import BASE_ENV, TESSERA_BIN

E2E_WORKER = os.environ.get("TESSERA_E2E_WORKER", "build/debug/tests/e2e/tessera_e2e_worker")
HERE = os.path.dirname(os.path.abspath(__file__))


def redis_url():
    password = os.environ.get("REDIS_PASSWORD")
    auth = f":{password}@" if password else ""
    return f"redis://{auth}{os.environ['REDIS_HOST']}:{os.environ['REDIS_PORT']}/0"


def redis_client():
    return redis.Redis.from_url(redis_url(), decode_responses=True)


def child_env(overrides=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **BASE_ENV}
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "REDIS_HOST", "REDIS_PORT",
                 "REDIS_PASSWORD"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(overrides or {})
    return env


def tessera(*args, input=None, **env):
    """Runs a `tessera` command (with `input` on its stdin) and returns the CompletedProcess."""
    return subprocess.run([TESSERA_BIN, *args], env=child_env(env), capture_output=True, text=True,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL,
                          timeout=60)


class Process:
    """A long-running child with its output in a log file; ready when `ready_text` appears."""

    def __init__(self, command, env, ready_text, cwd=None):
        self.dir = tempfile.mkdtemp(prefix="tessera-worker-")
        self.log_path = os.path.join(self.dir, "worker.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(command, env=env, cwd=cwd or self.dir, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        self.wait_for_log(ready_text)

    def log(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log():
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"exited with {self.proc.returncode}:\n{self.log()}")
            time.sleep(0.05)
        raise RuntimeError(f"no {text!r} in the log:\n{self.log()}")

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout=30):
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._log.close()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def tessera_worker(queue, binary=E2E_WORKER, **settings):
    """Tessera's worker on `queue` (settings as keyword arguments, e.g. WORKER_CONCURRENCY)."""
    env = child_env({"WORKER_QUEUES": queue, "WORKER_HEARTBEAT_INTERVAL": "200ms", **settings})
    args = [binary] if binary == E2E_WORKER else [binary, "worker"]
    return Process(args, env, "worker ready")


def celery_worker(queue):
    """A Python Celery worker (Debian's python3-celery) running celery_app.py's tasks."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CELERY_BROKER": redis_url(),
           "PYTHONPATH": HERE, "PYTHONDONTWRITEBYTECODE": "1"}
    command = ["/usr/bin/python3", "-m", "celery", "-A", "celery_app", "worker", "-Q", queue,
               "--pool", "solo", "--loglevel", "INFO", "--without-heartbeat", "--without-gossip",
               "--without-mingle"]
    return Process(command, env, "ready.")


def recorded_ids(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]
