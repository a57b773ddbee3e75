"""Testimonials: a redressed citizen's words (and a photo or document), consent recorded, approved by the CMO cell,
published without personal data."""
