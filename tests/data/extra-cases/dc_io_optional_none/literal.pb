
ùö
éÑ•modelÑ§path®s3://b/m§name°m¶format†§hash¿§dataÑ§path®s3://b/d§name°d¶format†§hash¿£logÑ§path¨s3://b/l.txt§name•l.txt¶format£txt§hash¿•extra¿msgpack