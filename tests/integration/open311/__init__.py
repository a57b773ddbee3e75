"""Open311 GeoReport v2 at /open311/v2, through HTTP, on the real database and engine."""
