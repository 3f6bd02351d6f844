"""The Python Celery side of bench/queue: the same no-op task as Tessera's built-in.

Celery's defaults everywhere, except that the broker and the result backend are the
bench's Redis (REDIS_PORT), as Tessera's worker uses it. TRACK_STARTED=1 turns on
task_track_started: Tessera always stores the STARTED state, Celery does not by default.
"""

import os

from celery import Celery

url = f"redis://127.0.0.1:{os.environ['REDIS_PORT']}/0"
app = Celery("celery_noop", broker=url, backend=url)
app.conf.task_track_started = os.environ.get("TRACK_STARTED") == "1"


@app.task(name="tessera.echo")
def echo(*args):
    return list(args)  # what tessera.echo returns: its positional arguments
