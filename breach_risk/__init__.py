"""SLA breach risk: how likely an open case's Action Taken Report is to miss its deadline, learnt from past cases."""
