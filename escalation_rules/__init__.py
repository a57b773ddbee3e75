"""Service levels and escalation: how long an office has for its Action Taken Report, when to remind."""
