"""Officers' task lists: the projection of open human tasks, claim, release and complete."""
