

¡v¡xmsgpack