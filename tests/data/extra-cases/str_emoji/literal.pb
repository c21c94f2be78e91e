
#
!🚀 flyte 👩‍💻 🇳🇱