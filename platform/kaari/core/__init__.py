"""The plumbing under every domain: configuration, the database and its session,
extensions, languages, errors, request helpers, background jobs and the schedule,
security headers, encryption and tokens, PDF rendering, the migration runner, the
domains' registries, and the all-models aggregator (docs/ARCHITECTURE.md)."""
