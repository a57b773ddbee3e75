"""The office index: a monthly score per office (in the spirit of CPGRAMS's GRAI), its rank and trend."""
