"""Who is using the pages: the login token kept in the signed session cookie, and the role checks of every page."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for

from accounts import service as accounts
from accounts.auth import Actor, actor_for
from accounts.models import Role
from core.db import read

OFFICER_ROLES = {Role.NODAL_OFFICER, Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.CMO_CELL}


def page_actor() -> Actor | None:
    """The logged-in person, or None (a token that expired or was revoked logs them out)."""
    if "page_actor" not in g:
        g.page_actor = None
        token = session.get("token")
        if token:
            with read() as conn:
                found = accounts.user_for_token(conn, token)
            g.page_actor = actor_for(None, *found) if found else None
            if g.page_actor is None:
                session.pop("token", None)
    return g.page_actor


def log_in(token: str) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at login: nothing carried over from before (session fixation)
    session.update(token=token, **({"lang": lang} if lang else {}))
    g.pop("page_actor", None)


def home_for(actor: Actor) -> str:
    """Where a role starts: heads of department, secretaries and district collectors on the dashboard, administrators on
    administration, other officers on their worklist."""
    if actor.role in (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.DISTRICT_COLLECTOR):
        return url_for("dashboard_pages.overview")
    if actor.role in OFFICER_ROLES:
        return url_for("officer_pages.worklist")
    if actor.role == Role.AUDITOR:
        return url_for("audit_pages.search")
    if actor.role == Role.PROCESS_OWNER:
        return url_for("process_pages.index")
    if actor.role == Role.CITIZEN:
        return url_for("citizen_pages.my_cases")
    if actor.role == Role.ADMIN:
        return url_for("admin_pages.index")
    if actor.role == Role.QUALITY_LEAD:
        return url_for("quality_pages.sample")
    return url_for("citizen_pages.lodge")


def login_required(*roles: Role):
    """Pages for `roles` only: anonymous visitors go to the login page (citizens to theirs), others get 403."""
    allowed = {str(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            actor = page_actor()
            if actor is None:
                target = "auth_pages.citizen_login" if Role.CITIZEN in allowed else "auth_pages.login"
                return redirect(url_for(target, next=request.full_path))
            if allowed and actor.role not in allowed:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def protect_form() -> None:
    """CSRF check of a page's POST (the token is in the form, or in the X-CSRFToken header htmx sends)."""
    if request.method == "POST":
        current_app.extensions["csrf"].protect()
