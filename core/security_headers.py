"""Headers every response carries: nosniff everywhere, no-store on anything that is not a static asset (API JSON
and pages show personal data: names, mobiles, cases), HSTS when the portal is served over https."""
from __future__ import annotations

from flask import Flask, request

HSTS = "max-age=31536000; includeSubDomains"


def register_security_headers(app: Flask, *, public_url: str) -> None:
    https = public_url.startswith("https://")

    @app.after_request
    def _security_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if https:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
