#
!

¤wrap‘¥color£redmsgpack