"""The quality of Action Taken Reports: the verifiers' ratings and the office-level signs of boilerplate replies."""
