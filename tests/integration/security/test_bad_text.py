"""Lodging with text that is not text, or JSON nested absurdly deep: a clear refusal, never a 500 or a stored NUL."""
from __future__ import annotations

import pytest

CITIZEN = "9830012345"
GOOD = {"complainant_name": "Sabina Khatun", "district": "PUR", "category": "FOOD_RATION_CARD",
        "description": "My ration card application of March is still pending at the block office.",
        "address": "Village Hura, Purulia"}


@pytest.fixture
def citizen(api):
    return api.login_citizen(CITIZEN)


def _lodge_raw(api, token, body: str):
    return api.post("/grievances", token, data=body, content_type="application/json")


def _body_with(field: str, json_text: str) -> str:
    """The good lodging body as JSON text, one field's value replaced by raw JSON (escapes kept as written)."""
    import json

    return json.dumps({**GOOD, field: "@@"}).replace('"@@"', json_text)


@pytest.mark.parametrize("escape", [r'"Pending \udc80 since March at the block office."',
                                    r'"Pending \ud83d since March at the block office."'])
def test_a_lone_surrogate_in_the_description_is_refused_naming_the_field(api, citizen, escape):
    refused = _lodge_raw(api, citizen, _body_with("description", escape))
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    problem = refused.get_json()
    assert "description" in problem["errors"] and "surrogate" in problem["detail"]


@pytest.mark.parametrize("field", ["description", "complainant_name", "address"])
def test_nul_characters_in_text_fields_are_refused_naming_the_field(api, citizen, field):
    refused = api.lodge(citizen, **{field: GOOD[field][:10] + "\x00" + GOOD[field][10:]})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert field in refused.get_json()["errors"] and "NUL" in refused.get_json()["detail"]
    assert api.get("/grievances", citizen).get_json()["items"] == [], "nothing was lodged"


@pytest.mark.parametrize("depth", [100_000, 100])
def test_json_nested_very_deep_is_a_400_saying_so(api, citizen, depth):
    refused = _lodge_raw(api, citizen, _body_with("description", "[" * depth + "]" * depth))
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
    assert "nested" in refused.get_json()["detail"]


def test_unicode_text_a_person_types_still_lodges(api, citizen):
    lodged = api.lodge(citizen, description="আমার রেশন কার্ডের আবেদন মার্চ থেকে ব্লক অফিসে পড়ে আছে। 🙏")
    assert lodged.status_code == 201, lodged.get_json()


def test_nul_in_a_query_argument_is_a_422_naming_it_on_both_backends(api):
    """Found by schemathesis: PostgreSQL refuses NUL in text, so `office=\\x00` was a 500 there."""
    officer = api.login("nodal.food.pur")
    refused = api.get("/worklist", officer, query_string={"office": "FOOD-\x00PUR"})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert "office" in refused.get_json()["errors"] and "NUL" in refused.get_json()["detail"]
    searched = api.get("/grievances", officer, query_string={"name": "Sabina\x00"})
    assert searched.status_code == 422 and "name" in searched.get_json()["errors"]


def test_nul_in_a_form_field_is_refused_naming_it(api, citizen):
    refused = api.post("/attachments", citizen, data={"note\x00": "x"}, content_type="multipart/form-data")
    assert refused.status_code == 422 and "NUL" in refused.get_json()["detail"]


def test_numbers_beyond_what_is_stored_are_a_422_or_404_not_a_500(api):
    """Found by schemathesis on PostgreSQL: a version of 64,193,786,246 overflowed the integer column (500)."""
    owner = api.login("process.owner")
    refused = api.post("/processes/grievance/migrate", owner,
                       json={"from_version": 64193786246, "to_version": 1, "dry_run": True})
    assert refused.status_code == 422 and "from_version" in refused.get_json()["errors"]
    unknown = api.get("/processes/grievance/versions/99999999999", owner)
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"
    admin = api.login("admin")
    assert api.get("/incidents/99999999999", admin).status_code == 404


@pytest.mark.parametrize("lang, words", [("en", "not text a person can type"), ("bn", "টাইপ করতে পারেন না")])
def test_nul_in_a_page_address_is_a_page_in_the_readers_language(api, lang, words):
    """A page is answered with a page: no JSON problem, no engine words, the refusal in the reader's language."""
    refused = api.app.test_client().get("/track", query_string={"reg_no": "CMO/2026/\x00", "lang": lang})
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    page = refused.get_data(as_text=True)
    assert words in page and "NUL characters" not in page
