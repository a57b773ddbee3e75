"""Process owners' work on the process models: versions, validation and deployment of edited diagrams, and moving
running cases to a new version."""
