"""Incidents: cases whose process model failed at a step, parked until a process owner retries them."""
