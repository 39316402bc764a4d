"""Pure parsers for what disclosures write: amounts, dates, region codes, bodies, stages.

Nothing here does I/O or imports the rest of the project.
"""
