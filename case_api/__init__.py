"""The grievance case: its table, its hash-chained history (case_event), and the /grievances endpoints."""
