"""A thin client over Flask's test client that logs in the way people do (password, then the SMS OTP)."""
from __future__ import annotations

import re

from core.db import transaction
from notifications.queries import list_messages

OTP = re.compile(r"\b(\d{6})\b")


class Api:
    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def call(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path, token=None, **kw):
        return self.call("GET", path, token, **kw)

    def post(self, path, token=None, **kw):
        return self.call("POST", path, token, **kw)

    def last_otp(self, mobile: str) -> str:
        """Read the code from the SMS the system queued for `mobile`, as the phone's owner would."""
        with self.app.app_context(), transaction(readonly=True) as session:
            for message in list_messages(session, recipient=mobile, channel="sms"):
                if "one-time password" in message.body:
                    return OTP.search(message.body).group(1)
        raise AssertionError(f"no OTP SMS to {mobile}")

    def sms_to(self, mobile: str) -> list[str]:
        """Every SMS queued for `mobile`, newest first."""
        with self.app.app_context(), transaction(readonly=True) as session:
            return [m.body for m in list_messages(session, recipient=mobile, channel="sms")]

    def login(self, username: str, password: str = "Demo@12345") -> str:
        response = self.post("/auth/login", json={"username": username, "password": password})
        assert response.status_code == 202, response.get_json()
        challenge = response.get_json()["challenge_id"]
        mobile = self._mobile_of(username)
        verified = self.post("/auth/verify", json={"challenge_id": challenge, "code": self.last_otp(mobile)})
        assert verified.status_code == 200, verified.get_json()
        return verified.get_json()["token"]

    def login_citizen(self, mobile: str) -> str:
        response = self.post("/auth/otp", json={"mobile": mobile})
        assert response.status_code == 202, response.get_json()
        normalised = "+91" + mobile[-10:]
        verified = self.post("/auth/verify", json={"challenge_id": response.get_json()["challenge_id"],
                                                   "code": self.last_otp(normalised)})
        assert verified.status_code == 200, verified.get_json()
        return verified.get_json()["token"]

    def _mobile_of(self, username: str) -> str:
        from accounts.service import find_user

        with self.app.app_context(), transaction(readonly=True) as session:
            return find_user(session, username).mobile

    def lodge(self, token: str, **overrides):
        body = {"complainant_name": "Sabina Khatun", "district": "PUR", "category": "FOOD_RATION_CARD",
                "description": "My ration card application of March is still pending at the block office.",
                "address": "Village Hura, Purulia"}
        body.update(overrides)
        return self.post("/grievances", token, json=body)

    def worklist(self, token: str, **params):
        response = self.get("/worklist", token, query_string=params)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    def complete(self, token: str, task_id: str, data: dict):
        """Claim the task (only its holder may complete it), then complete it, as an officer does."""
        self.post(f"/tasks/{task_id}/claim", token)
        return self.post(f"/tasks/{task_id}/complete", token, json={"data": data})
