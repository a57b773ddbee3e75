"""Integration tokens minted by the CLI expire, can be listed (without the secret) and revoked."""
from __future__ import annotations


def _cli(app, *args):
    result = app.test_cli_runner().invoke(args=["accounts", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_minted_token_works_until_it_expires(app, api, frozen_clock):
    token = _cli(app, "token", "open311.client", "--days", "2").strip()
    assert api.get("/grievances", token).status_code == 200
    frozen_clock.advance(days=2, minutes=1)
    assert api.get("/grievances", token).status_code == 401
    assert "expired" in _cli(app, "tokens", "list", "--all")


def test_tokens_expire_by_default_and_never_beyond_a_year(app, frozen_clock):
    _cli(app, "token", "operator")
    [line] = _cli(app, "tokens", "list", "--user", "operator").splitlines()
    assert "\t2027-01-31 " in line and line.endswith("\tactive")  # 90 days from 2 November 2026
    refused = app.test_cli_runner().invoke(args=["accounts", "token", "operator", "--days", "400"])
    assert refused.exit_code != 0


def test_a_listed_token_is_revoked_and_stops_working_at_once(app, api):
    token = _cli(app, "token", "operator").strip()
    assert api.get("/grievances", token).status_code == 200
    [line] = _cli(app, "tokens", "list", "--user", "operator").splitlines()
    assert token not in line, "the list never shows the token itself"
    token_id = line.split("\t")[0]
    assert "revoked" in _cli(app, "tokens", "revoke", token_id)
    assert api.get("/grievances", token).status_code == 401
    assert _cli(app, "tokens", "list", "--user", "operator") == ""
    assert app.test_cli_runner().invoke(args=["accounts", "tokens", "revoke", "999999"]).exit_code != 0
