"""POST /grievances: lodge a grievance (citizen after OTP login, or an operator on a citizen's behalf)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from case_api.queries import present
from case_api.schemas import GrievanceOut
from core.db import transaction
from intake import service
from intake.schemas import LodgeIn

blp = Blueprint("intake", __name__, url_prefix="/grievances", description="Lodge grievances")


@blp.route("")
class Lodge(MethodView):
    @blp.arguments(LodgeIn)
    @blp.response(201, GrievanceOut)
    @require_roles(*service.ROLE_CHANNELS)
    def post(self, body):
        """Lodge a grievance; returns its registration number, status and ATR due time."""
        actor = current_actor()
        with transaction() as session:
            grievance = service.lodge_grievance(session, actor=actor, **body)
            return present(session, actor, grievance)
