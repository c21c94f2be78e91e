
@>
3„¤name£Ada¦visits¦status§on-hold¬loyalty_tier¤goldmsgpack