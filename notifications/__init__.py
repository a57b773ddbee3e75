"""Outgoing messages (SMS, e-mail) through a transactional outbox, and their dispatch."""
