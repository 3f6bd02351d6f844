"""One bench/queue measurement against the worker already consuming QUEUE.

    driver.py PORT QUEUE N

Prints "tasks/s seconds enqueue_seconds missing": N no-op tasks (tessera.echo, args [])
from the first LPUSH until every result is stored as SUCCESS. The messages are the one
Celery's own send_task writes, with fresh ids, and are built before the clock starts, so
that Python does not slow the enqueue side; they are LPUSHed while the worker runs.
"""

import json
import sys
import time
import uuid

import redis
from celery import Celery

WARMUP = 200  # started processes, connections, prefork children: before the clock
CHUNK = 1000


def template(port, queue):
    """The envelope Celery writes for send_task("tessera.echo", args=[], queue=QUEUE)."""
    scratch = queue + ".template"
    client = Celery("bench_client", broker=f"redis://127.0.0.1:{port}/0")
    client.send_task("tessera.echo", args=[], queue=scratch)
    envelope = json.loads(redis.Redis(port=port).rpop(scratch))
    envelope["properties"]["delivery_info"]["routing_key"] = queue
    return envelope


def envelopes(base, count):
    ids, texts = [], []
    for _ in range(count):
        task_id = str(uuid.uuid4())
        base["headers"]["id"] = base["headers"]["root_id"] = task_id
        base["properties"]["correlation_id"] = task_id
        base["properties"]["delivery_tag"] = str(uuid.uuid4())
        ids.append(task_id)
        texts.append(json.dumps(base))
    return ids, texts


def enqueue(r, queue, texts):
    for start in range(0, len(texts), CHUNK):
        pipe = r.pipeline(transaction=False)
        for text in texts[start:start + CHUNK]:
            pipe.lpush(queue, text)
        pipe.execute()


def succeeded(value):
    return value is not None and b'"SUCCESS"' in value  # a STARTED record comes first


def wait_all(r, ids, timeout):
    """Waits until every id has a SUCCESS result; returns how many have none. Workers finish
    tasks nearly in queue order, so each poll reads only a window at the front of the
    pending ones, sized to what finished since the last poll: polling costs Redis about two
    GETs per task and this process little CPU (it shares the cores with the worker)."""
    pending = [f"celery-task-meta-{i}".encode() for i in ids]
    window, deadline = 16, time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            return len(pending)
        pipe = r.pipeline(transaction=False)
        for key in pending[:window]:
            pipe.get(key)
        values = pipe.execute()
        left = [k for k, v in zip(pending, values) if not succeeded(v)]
        done = len(values) - len(left)
        pending = left + pending[window:]
        if done == len(values):
            window = min(2 * window, CHUNK)
        else:
            window = max(16, 2 * done)
            time.sleep(0.002)
    return 0


def main():
    port, queue, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    r = redis.Redis(port=port)
    base = template(port, queue)

    ids, texts = envelopes(base, WARMUP)
    enqueue(r, queue, texts)
    if wait_all(r, ids, timeout=120):
        sys.exit("bench/queue: the worker did not run the warm-up tasks within 120 s")

    ids, texts = envelopes(base, count)
    start = time.perf_counter()
    enqueue(r, queue, texts)
    enqueued = time.perf_counter() - start
    missing = wait_all(r, ids, timeout=max(60, count / 50))
    seconds = time.perf_counter() - start

    # Every result, checked again: SUCCESS with the no-op's value.
    pipe = r.pipeline(transaction=False)
    for i in ids:
        pipe.get(f"celery-task-meta-{i}")
    bad = sum(1 for v in pipe.execute() if v is None or json.loads(v).get("result") != [])
    print(f"{count / seconds:.0f} {seconds:.3f} {enqueued:.3f} {max(missing, bad)}")


if __name__ == "__main__":
    main()
