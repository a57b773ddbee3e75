"""Root-cause themes: a month's grievances of a department grouped by what their text says."""
