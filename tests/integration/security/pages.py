"""A browser's session on the pages, through Flask's test client: the login cookie and the page's CSRF token."""
from __future__ import annotations

import re

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page) -> str:
    return CSRF.search(page.get_data(as_text=True)).group(1)


def logged_in_pages(api, token: str):
    """A test client carrying `token` in its session cookie, and the CSRF header htmx would send."""
    client = api.app.test_client()
    with client.session_transaction() as session:
        session["token"] = token
    return client, {"X-CSRFToken": csrf_of(client.get("/"))}
