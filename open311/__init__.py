"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over intake and the case: other systems lodge and
follow grievances as service requests."""
