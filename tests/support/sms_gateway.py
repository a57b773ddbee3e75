"""A real HTTP server on loopback that speaks the SMS operator's protocol (POST {to, text, reference}).

It accepts each reference once (a repeat gets 409, as an operator deduplicating client references does),
can fail a share of requests with 503, and can be slowed down, so tests can break delivery on purpose."""
from __future__ import annotations

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSmsGateway:
    def __init__(self, fail_rate: float = 0.0, delay: float = 0.0, seed: int = 7):
        self.fail_rate, self.delay = fail_rate, delay
        self.random = random.Random(seed)
        self.accepted: dict[str, dict] = {}
        self.repeats = 0
        self.failures = 0
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, answer = gateway.receive(body, self.headers.get("Authorization"))
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def receive(self, body: dict, authorization: str | None) -> tuple[int, dict]:
        if self.delay:
            time.sleep(self.delay)  # a slow operator, so a dispatcher can be caught mid-batch
        with self.lock:
            if not body.get("to", "").startswith("+91") or not body.get("text"):
                return 400, {"error": "bad number or empty text"}
            if self.random.random() < self.fail_rate:
                self.failures += 1
                return 503, {"error": "try later"}
            if body["reference"] in self.accepted:
                self.repeats += 1
                return 409, {"error": "duplicate reference"}
            self.accepted[body["reference"]] = {**body, "authorization": authorization}
            return 202, {"message_id": f"op-{len(self.accepted)}"}

    def texts_to(self, number: str) -> list[str]:
        with self.lock:
            return [m["text"] for m in self.accepted.values() if m["to"] == number]

    def __enter__(self) -> FakeSmsGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
