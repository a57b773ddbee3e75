"""Attachments: uploaded evidence (JPEG, PNG, PDF) stored outside the database with a checksum."""
