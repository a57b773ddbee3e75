"""What other rooms ask of mass grievances, without loading the grouping (scikit-learn) or the services."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mass_grievances.models import ClusterStatus, MassCluster, MassMember


def answered_by_a_parent(session: Session, grievance_id: int) -> bool:
    """A member (not the parent) of an accepted mass grievance: the parent's reminders and escalations stand for
    it, so officers are not told of the same problem once per complainant."""
    return session.scalar(select(MassCluster.id).join(MassMember, MassMember.cluster_id == MassCluster.id).where(
        MassMember.grievance_id == grievance_id, MassCluster.status == ClusterStatus.ACCEPTED,
        MassCluster.parent_id != grievance_id).limit(1)) is not None
