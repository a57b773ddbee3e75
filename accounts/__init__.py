"""Users, roles and their offices; one-time passwords, login tokens and integration API tokens."""
