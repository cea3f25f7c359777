"""Interchange of the catalogue: the sixteen-column CSV file (import and export) and the XLSX export.

`importer.import_practices` is the one entry point for writing (the command, the web page and the background job
call it); `exporting` serves the page, the command and the round trip alike.
"""
