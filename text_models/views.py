"""POST /category-suggestions: the categories a description most likely belongs to, for the people who choose one
(operators at lodging, the CMO cell reviewing a category). A suggestion, never a choice."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import require_roles
from accounts.models import Role
from core.db import transaction
from text_models import service
from text_models.schemas import SuggestIn, SuggestOut

blp = Blueprint("category_suggestions", __name__, url_prefix="/category-suggestions",
                description="Category suggested from a grievance's text")
CHOOSERS = (Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.CMO_CELL)


@blp.route("")
class CategorySuggestions(MethodView):
    @blp.arguments(SuggestIn)
    @blp.response(200, SuggestOut)
    @blp.alt_response(409, description="no model trained yet")
    @require_roles(*CHOOSERS)
    def post(self, body):
        """The three likeliest categories with their departments and confidence, and the model's training period
        and accuracy on held-out past cases. 409 until a model has been trained (`flask models train`)."""
        with transaction(readonly=True) as session:
            return service.suggest_category(session, body["description"])
