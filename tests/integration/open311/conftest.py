"""Fixtures for Open311: an api_key minted for the integration user, a client for /open311/v2, database counts."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.service import find_user, issue_token
from case_api.models import CaseEvent, Grievance
from core.db import transaction
from intake.models import InboundMessage
from tests.integration.open311 import standard

PREFIX = "/open311/v2"
FORMATS = ("json", "xml")


def lodging_form(**overrides) -> dict:
    """What a state services app sends for a ration-card complaint from Purulia, form-encoded."""
    form = {"service_code": "FOOD_RATION_CARD", "attribute[district]": "PUR", "phone": "9830012345",
            "first_name": "Sabina", "last_name": "Khatun", "email": "sabina@example.in",
            "address_string": "Village Hura, Purulia", "lat": "23.3322", "long": "86.3616",
            "description": "My ration card application of March is still pending at the block office."}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def mint_key(app, username: str = "open311.client") -> str:
    with app.app_context(), transaction() as session:
        return issue_token(session, user=find_user(session, username), kind="integration", ttl=None)


class Open311:
    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def get(self, path: str, fmt: str = "json", **params):
        return self.client.get(f"{PREFIX}/{path}.{fmt}", query_string=params)

    def post(self, form: dict, fmt: str = "json", **kwargs):
        if "json" in kwargs:
            return self.client.post(f"{PREFIX}/requests.{fmt}", json=kwargs["json"])
        return self.client.post(f"{PREFIX}/requests.{fmt}", data=form)

    def lodge(self, key: str, fmt: str = "json", **overrides) -> dict:
        """Lodge through Open311 and return the one POST answer, checked against the standard."""
        response = self.post(lodging_form(api_key=key, **overrides), fmt)
        assert response.status_code == 201, response.data
        body = standard.parse(response, fmt, "service_requests")
        standard.check_post_response(body)
        return body[0]

    def requests(self, fmt: str = "json", **params) -> list[dict]:
        response = self.get("requests", fmt, **params)
        assert response.status_code == 200, response.data
        body = standard.parse(response, fmt, "service_requests")
        standard.check_requests(body)
        return body

    def error(self, response, status: int, fmt: str = "json") -> list[str]:
        """The descriptions of an error response, checked for status and the spec's error format."""
        assert response.status_code == status, (response.status_code, response.data)
        return standard.check_errors(standard.parse(response, fmt, "errors"), status)


@pytest.fixture
def open311(app) -> Open311:
    return Open311(app)


@pytest.fixture
def key(app) -> str:
    return mint_key(app)


def token_of(app, reg_no: str) -> str:
    """The token kept for a request (GeoReport's POST answers the id instead, which is known at once)."""
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(InboundMessage.external_id)
                              .join(Grievance, Grievance.id == InboundMessage.grievance_id)
                              .where(Grievance.reg_no == reg_no))


def counts(app) -> tuple[int, int, int]:
    """Grievances, their history rows and Open311 tokens in the database."""
    with app.app_context(), transaction(readonly=True) as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Grievance, CaseEvent, InboundMessage))
