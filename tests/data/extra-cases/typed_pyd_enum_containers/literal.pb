
WU
J„§current§ON_HOLD¦levels’£LOW¤HIGH§by_name¡a¦CLOSED¥steps‘¦status¦ACTIVEmsgpack