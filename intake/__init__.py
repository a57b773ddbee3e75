"""Intake: every channel's way in, one lodging service, registration numbers."""
