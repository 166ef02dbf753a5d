"""Importing an organisation's existing register (CSV or XLSX) into Kaari's: upload, column and
status mapping, dry run, and the import as a job."""
