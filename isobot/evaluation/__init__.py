"""`make evaluate`: what patients get, measured end to end through running servers.

corpus.py    the real-language corpus (tests/real_language/corpus.yml) and its blind split
replies.py   what one turn's bot messages amount to (an answer id, an escalation tier, ...)
e2e.py       drives conversations through a running Rasa server over REST
scoring.py   topic accuracy, "did you mean" and acknowledgement shares, safety rates
report.py    reports/real_language.md and reports/safety.md
"""
