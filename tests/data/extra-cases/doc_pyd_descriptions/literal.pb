
-+
 „¤name¡n¥inner¡a¥maybeÀ¥plainmsgpack