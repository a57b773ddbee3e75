"""Testimonial endpoints: the acting office records, the CMO cell decides, anyone reads the published ones."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from core.db import transaction
from testimonials import queries, service
from testimonials.schemas import (
    DecisionIn,
    PageArgs,
    PublishedPage,
    ReviewArgs,
    TestimonialIn,
    TestimonialOut,
)

blp = Blueprint("testimonials", __name__, url_prefix="/testimonials",
                description="Testimonials of redressed grievances")


def _one(session, actor, testimonial_id: int) -> dict:
    [found] = queries.list_for_review(session, actor, status="all", testimonial_id=testimonial_id)
    return found


@blp.route("")
class Testimonials(MethodView):
    @blp.arguments(ReviewArgs, location="query")
    @blp.response(200, TestimonialOut(many=True))
    @require_roles(Role.CMO_CELL, Role.NODAL_OFFICER)
    def get(self, args):
        """Testimonials with their consent: the CMO cell sees all, an office those of its cases."""
        with transaction(readonly=True) as session:
            return queries.list_for_review(session, current_actor(), **args)



@blp.route("/cases/<regno:reg_no>")
class CaseTestimonial(MethodView):
    @blp.arguments(TestimonialIn)
    @blp.response(201, TestimonialOut)
    @require_roles(Role.NODAL_OFFICER)
    def post(self, body, reg_no):
        """Record a testimonial on a closed case of your office, with the citizen's consent."""
        actor = current_actor()
        with transaction() as session:
            testimonial = service.record_testimonial(session, actor=actor, reg_no=reg_no, **body)
            return _one(session, actor, testimonial.id)


@blp.route("/<int:testimonial_id>/decision")
class Decision(MethodView):
    @blp.arguments(DecisionIn)
    @blp.response(200, TestimonialOut)
    @require_roles(Role.CMO_CELL)
    def post(self, body, testimonial_id):
        """Approve (publish) or reject a waiting testimonial."""
        actor = current_actor()
        with transaction() as session:
            service.decide_testimonial(session, actor=actor, testimonial_id=testimonial_id, **body)
            return _one(session, actor, testimonial_id)


@blp.route("/published")
class Published(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, PublishedPage)
    def get(self, args):
        """Approved testimonials for anyone: the words, department, district and month; no personal data."""
        with transaction(readonly=True) as session:
            return queries.list_published(session, **args)
