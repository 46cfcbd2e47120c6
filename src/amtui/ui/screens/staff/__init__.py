"""The staff list: add, roles, leavers, who teaches which class (admin)."""
