
A?
4„¦status§ON_HOLD¥level£MID§history‘¦CLOSED¥maybe£LOWmsgpack