
PN
C„§current§on-hold¦levels’
§by_name¡a¦closed¥steps‘¦status¦activemsgpack