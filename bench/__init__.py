"""The benchmark harness behind `make bench` (DESIGN.md §8: no page's query count grows with the data).

Scales (bench/scales.py) name a generated data set; scenarios (bench/scenarios.py) name the pages measured on it.
Each scale gets its own throw-away SQLite database under var/bench/, served by gunicorn on loopback.
"""
