
64
)‚¥stage§WAITING¤step‚¥stage§done-ok¤priomsgpack