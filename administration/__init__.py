"""Administration: officers' accounts, offices and their hierarchy, categories and their department, holidays;
every change recorded (who, when, what, before and after). Nothing here edits a case's history."""
