"""Master data of the organisation: departments, districts and sub-divisions, offices, grievance categories."""
