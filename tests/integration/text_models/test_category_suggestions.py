"""The category model learns from lodged grievances (English and Bengali), beats always guessing the commonest
category on held-out cases, and suggests a new description's category with its department, confidence and the
model's training period; only the people who choose a category get suggestions."""
from __future__ import annotations

import random

import pytest

PHRASES = {
    "FOOD_RATION_CARD": ["ration card not issued", "my ration card application is pending", "new ration card",
                         "রেশন কার্ড পাইনি", "রেশন কার্ডের আবেদন"],
    "POWER_OUTAGE": ["no electricity since", "power cut in the whole village", "the transformer burnt, no power",
                     "বিদ্যুৎ নেই", "লোডশেডিং চলছে"],
    "PHE_DRINKING_WATER": ["no drinking water supply", "tap water has stopped", "the water pipeline is broken",
                           "পানীয় জল পাচ্ছি না", "জলের কল বন্ধ"],
}
FILLERS = ["for two weeks", "since last month", "in our para", "please help", "কেউ দেখছে না", "for many days",
           "near the school", "at Hura block"]
DISTRICT = {"FOOD_RATION_CARD": "PUR", "POWER_OUTAGE": "KOL", "PHE_DRINKING_WATER": "BAN"}


@pytest.fixture
def lodged(api):
    rng, operator, number = random.Random(3), api.login("operator"), 0
    for category, phrases in PHRASES.items():
        for _ in range(14):
            number += 1
            text = f"{rng.choice(phrases)} {rng.choice(FILLERS)} {rng.choice(FILLERS)}, case {number}."
            response = api.lodge(operator, mobile=f"98310{number:05d}", category=category, description=text,
                                 district=DISTRICT[category], address="Village road")
            assert response.status_code == 201, response.get_json()


def _train(app):
    return app.test_cli_runner().invoke(args=["models", "train", "--min-cases", "30"])


def test_suggestions_come_from_a_model_that_beats_the_commonest_guess(app, api, lodged):
    operator = api.login("operator")
    body = {"description": "বিদ্যুৎ নেই তিন দিন ধরে, transformer burnt near the school"}
    assert api.post("/category-suggestions", operator, json=body).status_code == 409, "no model before training"

    trained = _train(app)
    assert trained.exit_code == 0, trained.output
    assert "42 cases" in trained.output and "held-out" in trained.output
    answer = api.post("/category-suggestions", operator, json=body)
    assert answer.status_code == 200, answer.get_json()
    first = answer.get_json()["suggestions"][0]
    assert (first["category"], first["department"]) == ("POWER_OUTAGE", "POWER") and first["confidence"] > 0.5
    assert len(answer.get_json()["suggestions"]) == 3
    model = answer.get_json()["model"]
    assert model["cases"] == 42 and model["accuracy_top1"] > model["baseline_top1"]

    water = api.post("/category-suggestions", api.login("cmo.cell"),
                     json={"description": "No drinking water supply in our para, the pipeline is broken"})
    assert water.get_json()["suggestions"][0]["category"] == "PHE_DRINKING_WATER"


def test_who_may_ask_and_what_is_refused(app, api, lodged):
    assert _train(app).exit_code == 0
    assert api.post("/category-suggestions", api.login("nodal.food.pur"),
                    json={"description": "Ration card not issued for months"}).status_code == 403
    short = api.post("/category-suggestions", api.login("operator"), json={"description": "card"})
    assert short.status_code == 422 and "description" in short.get_json()["errors"]


def test_training_needs_enough_cases(app, api):
    refused = app.test_cli_runner().invoke(args=["models", "train"])
    assert refused.exit_code != 0 and "at least 30 cases" in refused.output


def test_the_operators_lodging_page_shows_suggestions_beside_their_choice(app, api, lodged):
    from tests.integration.security.pages import logged_in_pages

    client, headers = logged_in_pages(api, api.login("operator"))
    form = client.get("/lodge").get_data(as_text=True)
    assert "Suggest a subject from the text" in form
    before = client.post("/lodge/category-suggestions", data={"description": "No power since Monday night"},
                         headers=headers)
    assert "the model has not been trained" in before.get_data(as_text=True)
    assert _train(app).exit_code == 0
    answer = client.post("/lodge/category-suggestions", headers=headers,
                         data={"description": "The transformer burnt, no power in the village for days"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and '<li data-category="POWER_OUTAGE">Prolonged power outage' in page
    assert "% likely" in page and "its first suggestion was right" in page
    citizen, citizen_headers = logged_in_pages(api, api.login_citizen("9830012345"))
    assert citizen.post("/lodge/category-suggestions", data={"description": "No power since Monday night"},
                        headers=citizen_headers).status_code == 403


def test_the_cmo_cells_category_review_shows_the_suggestions(app, api, lodged):
    from tests.integration.security.pages import logged_in_pages
    from tests.support.cases import task

    assert _train(app).exit_code == 0
    reg_no = api.lodge(api.login("operator"), mobile="9831199999", category="OTHER", district="KOL",
                       description="The transformer burnt, no power in the lane for three days").get_json()["reg_no"]
    cmo = api.login("cmo.cell")
    review = task(api, cmo, "Task_review_category", reg_no)
    client, _headers = logged_in_pages(api, cmo)
    page = client.get(f"/work/{review['task_id']}").get_data(as_text=True)
    assert 'data-testid="category-suggestions"' in page
    assert page.index('<li data-category="POWER_OUTAGE">') < page.index('<form method="post" enctype')
    assert "you choose; nothing is changed for you" in page


def test_the_periodic_job_retrains_once_a_week(app, api, lodged, frozen_clock):
    from datetime import timedelta

    from jobs.periodic import train_text_models

    assert train_text_models(app) is True, "no model yet: trains"
    assert train_text_models(app) is False, "a fresh model is kept"
    frozen_clock.set(frozen_clock.now() + timedelta(days=8))
    assert train_text_models(app) is True, "a week later: trains again"
    trained = [line for line in app.test_cli_runner().invoke(args=["models", "train"]).output.splitlines()]
    assert trained and trained[0].startswith("model 3:")
