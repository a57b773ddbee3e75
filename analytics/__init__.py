"""Read-only dashboards and MIS: counts per department or district, daily trends, drill-down lists."""
