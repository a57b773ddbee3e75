"""Mass grievances: many complainants about one problem (one burnt transformer, 300 calls) found across channels
by text, place and time, proposed to the CMO cell, and once accepted handled through one parent case."""
