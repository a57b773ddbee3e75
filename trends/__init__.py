"""Trends: weekly and monthly receipts and disposals per department, district or category, spikes flagged."""
