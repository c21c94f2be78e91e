
@>
3„¤name£Ada¦visits¦status§ON_HOLD¬loyalty_tier¤goldmsgpack