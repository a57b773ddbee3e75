"""The MIS: pending grievances by age, receipts and disposals in a period, by department or district, exported."""
