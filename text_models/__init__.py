"""Models that read the grievances' text, trained here on the project's own history (scikit-learn)."""
