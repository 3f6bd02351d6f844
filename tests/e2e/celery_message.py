"""A Celery protocol v2 message as kombu's Redis transport stores it, for queueing many
tasks quickly from a test."""

import base64
import json
import uuid


def envelope(task_id, name, args, queue, kwargs=None):
    body = json.dumps([args, kwargs or {}, {"callbacks": None, "errbacks": None, "chain": None,
                                            "chord": None}])
    return json.dumps({
        "body": base64.b64encode(body.encode()).decode(),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {"lang": "py", "task": name, "id": task_id, "shadow": None, "eta": None,
                    "expires": None, "group": None, "group_index": None, "retries": 0,
                    "timelimit": [None, None], "root_id": task_id, "parent_id": None,
                    "argsrepr": repr(args), "kwargsrepr": repr(kwargs or {}),
                    "origin": "e2e@test", "ignore_result": False},
        "properties": {"correlation_id": task_id, "reply_to": str(uuid.uuid4()),
                       "delivery_mode": 2, "delivery_info": {"exchange": "", "routing_key": queue},
                       "priority": 0, "body_encoding": "base64", "delivery_tag": str(uuid.uuid4())},
    })
