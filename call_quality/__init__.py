"""Call-centre quality: the call behind an operator's lodging, quality leads' ratings of how faithfully it was
registered, corrections sent back to the operator, and operators' scores per week."""
