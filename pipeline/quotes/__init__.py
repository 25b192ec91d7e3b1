"""Quoted claims: quotation marks (marks), reporting cues (cues), speakers (speakers), and the finder (find)."""
