"""Dashboard counts kept in summary rows, changed in the same transaction as the grievances they count.

`install()` (called by app.py) hooks the ORM session: whenever a unit of work changes a grievance's counted
columns, the counts move by the difference between its state before and after, in one upsert per table at
commit. `queries` reads them for analytics; `service.rebuild` recomputes them from the grievance table.
"""
from case_counts.service import install

__all__ = ["install"]
