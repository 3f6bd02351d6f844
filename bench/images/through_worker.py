"""Uploads IMAGES copies of a photo to a running API and waits until the worker has made
every one ready. Prints "images/s seconds upload_seconds failed".

    through_worker.py BASE_URL PHOTO IMAGES
"""

import json
import sys
import time
import urllib.request
import uuid


def call(base, method, path, body=None, token=None, content_type="application/json"):
    headers = {"Content-Type": content_type} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def main():
    base, photo, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    email, password = f"bench_{uuid.uuid4().hex[:10]}@example.com", "bench password 1"
    call(base, "POST", "/api/v1/auth/register", json.dumps({"email": email, "password": password}).encode())
    form = f"username={email}&password={password.replace(' ', '+')}".encode()
    token = call(base, "POST", "/api/v1/auth/login", form, content_type="application/x-www-form-urlencoded")[
        "access_token"]
    with open(photo, "rb") as f:
        data = f.read()
    boundary = "bench" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()

    start = time.perf_counter()
    ids = [call(base, "POST", "/api/v1/images/", body, token, f"multipart/form-data; boundary={boundary}")["id"]
           for _ in range(count)]
    uploaded = time.perf_counter() - start
    pending, failed = set(ids), 0
    while pending:
        time.sleep(0.05)
        for image_id in list(pending):
            status = call(base, "GET", f"/api/v1/images/{image_id}", token=token)["status"]
            if status in ("ready", "failed"):
                pending.discard(image_id)
                failed += status == "failed"
    seconds = time.perf_counter() - start
    print(f"{count / seconds:.2f} {seconds:.2f} {uploaded:.2f} {failed}")


if __name__ == "__main__":
    main()
