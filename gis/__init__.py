"""The map: West Bengal's districts coloured by a measure, and where located grievances come from."""
