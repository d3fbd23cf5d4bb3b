-- What a group's append reads and checks of the log, made to cost the same
-- whatever the log's size.
--
-- The log's gap-free check, once per statement instead of once per row.
-- A row trigger's query is planned once per session, often while the log
-- is still empty: that plan then read every entry at each new one, and an
-- append's cost grew with the log. The entries a statement adds are now
-- checked together, after it, by a query planned on the table as it is:
-- they must be the indexes that follow the entries before them, without a
-- gap (the primary key refuses a repeated one).
DROP TRIGGER log_entries_gap_free ON log_entries;
DROP FUNCTION log_entries_gap_free();
CREATE FUNCTION log_entries_gap_free() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    first BIGINT;
    last BIGINT;
    added BIGINT;
    next BIGINT;
BEGIN
    SELECT min(idx), max(idx), count(*) INTO first, last, added FROM added_entries;
    IF added = 0 THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT coalesce(max(idx) + 1, 0) FROM log_entries WHERE idx < $1'
        INTO next USING first;
    IF first <> next OR last - first + 1 <> added THEN
        RAISE EXCEPTION 'the log is gap-free: an entry takes the next index'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER log_entries_gap_free AFTER INSERT ON log_entries
    REFERENCING NEW TABLE AS added_entries
    FOR EACH STATEMENT EXECUTE FUNCTION log_entries_gap_free();

-- The log's end: its size and its frontier's hashes, left to right (32
-- bytes each), in one row that each append rewrites in the statement that
-- stores its entries, so that the next append reads one row instead of a
-- stored hash per set bit of the size. It is derived from log_entries and
-- log_hashes, not part of the log: a reader checks its size against the
-- entries, and reads the hashes again when they differ.
CREATE TABLE log_end (
    single BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (single),
    size BIGINT NOT NULL,
    frontier BYTEA NOT NULL
);
INSERT INTO log_end (size, frontier)
WITH tree AS (SELECT coalesce(max(idx) + 1, 0) AS size FROM log_entries)
SELECT tree.size, coalesce((
    SELECT string_agg(h.hash, ''::bytea ORDER BY h.level DESC)
    FROM generate_series(0, 62) AS l
    JOIN log_hashes h ON h.level = l AND h.idx = (tree.size >> l) - 1
    WHERE (tree.size >> l) & 1 = 1), ''::bytea)
FROM tree;
