"""A Python Celery application sharing Tessera's Redis: its client sends Tessera's tasks, and
its worker runs a task that Tessera sends."""

import os

from celery import Celery

app = Celery("e2e", broker=os.environ["CELERY_BROKER"], backend=os.environ["CELERY_BROKER"])
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                broker_connection_retry_on_startup=True)


@app.task(name="e2e.add")
def add(a, b):
    return a + b
