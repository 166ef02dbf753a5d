"""Reporting: an organisation's own figures, and national aggregates that never
show a person (small cells suppressed)."""
