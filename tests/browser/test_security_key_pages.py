"""In Chromium with its virtual authenticator (DevTools' WebAuthn domain, a USB key that answers at once), an
officer adds a security key on the account page, logs out, and logs in with password and key: no code is typed.
Security keys need a named host, so the pages are opened at localhost. axe-core is clean on both pages."""
from __future__ import annotations

from tests.browser.test_accessibility import violations


def test_an_officer_adds_a_security_key_and_logs_in_with_it(browser, live_server, people, api, shot):
    named = live_server.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=named, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    devtools = context.new_cdp_session(tab)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": False, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    try:
        people.officer(tab, "nodal.food.pur")
        tab.get_by_role("link", name="Login security").click()
        assert tab.get_by_text("You have no security key yet").is_visible()
        assert violations(tab) == []
        tab.get_by_label("A name for the key").fill("Desk key")
        tab.get_by_role("button", name="Add the key").click()
        tab.get_by_text("Your security key is registered").wait_for()
        assert tab.get_by_role("cell", name="Desk key", exact=True).is_visible()
        shot(tab, "keys")

        tab.get_by_role("button", name="Log out").click()
        sent_before = len(api.sms_to(api._mobile_of("nodal.food.pur")))
        tab.goto("/login")
        tab.get_by_label("Username").fill("nodal.food.pur")
        tab.get_by_label("Password").fill("Demo@12345")
        tab.get_by_role("button", name="Continue").click()
        tab.get_by_role("heading", name="Log in with your security key").wait_for()
        assert violations(tab) == []
        tab.get_by_role("button", name="Use my security key").click()
        tab.wait_for_url("**/worklist")
        assert len(api.sms_to(api._mobile_of("nodal.food.pur"))) == sent_before
        tab.goto("/account/security-keys?lang=bn")
        assert tab.get_by_role("heading", name="সিকিউরিটি কী", exact=True).is_visible()
    finally:
        context.close()
