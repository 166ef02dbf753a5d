"""Operating the platform: health probes, structured logs, static files and the
configuration check that runs before a production start."""
