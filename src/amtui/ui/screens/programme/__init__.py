"""The mentoring programme: the AMT's review after a return, referrals, the HoD and HoY views."""
