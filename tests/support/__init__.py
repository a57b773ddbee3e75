"""Test support: an API client that logs in like a person does, and builders."""
