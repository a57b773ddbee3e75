"""Infrastructure shared by every domain: configuration, database, clock, errors. No business rules."""
