"""HTML reports. `data` reads the warehouse, `tables` builds great-tables objects from frames
(pure), `page` assembles and writes the pages. Reports never import ingest code."""
