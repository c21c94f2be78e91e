
9
75naïve café — Ünïcödé ✓ 日本語 Ωμέγα