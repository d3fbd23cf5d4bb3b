-- Version 5 changes the PostgreSQL schema only (its log's gap-free check,
-- once per statement). SQLite keeps its check per row: a statement there is
-- planned when it is prepared, and reads max(idx) from the index.

