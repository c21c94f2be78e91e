
[Y
N„¤step‚¥stage§done-ok¤prio¥steps‘‚¥stage§waiting¤prio¥stage§WAITING¤prio£LOWmsgpack