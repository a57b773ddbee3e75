"""The event log for process mining: every case's steps through its diagram as XES (IEEE 1849) or CSV."""
