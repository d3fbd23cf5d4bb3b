-- What a group's append reads and checks of the log, planned once per
-- session with plans that cannot read the whole log.
--
-- Version 5 had these queries planned at each run, because a plan kept by
-- a session is often made while the log is empty, when the planner finds
-- a sequential scan cheapest, and that plan then reads every entry at each
-- append. Here they are functions that run with sequential scans disabled:
-- their plans, kept by the session, read the primary keys' indexes,
-- whatever the log's size when they were made, and cost nothing to plan
-- again.

-- The gap-free check of version 5, its query no longer planned at each
-- statement; it now also checks that each entry is of a stored
-- submission, which the foreign key did at a higher cost: a trigger per
-- row, each locking the submission's row, to keep another transaction
-- from deleting it, which the submissions' own trigger refuses anyway
-- (migration 2).
ALTER TABLE log_entries DROP CONSTRAINT log_entries_submission_fkey;
CREATE OR REPLACE FUNCTION log_entries_gap_free() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    first BIGINT;
    last BIGINT;
    added BIGINT;
    next BIGINT;
    stored BIGINT;
BEGIN
    SELECT min(a.idx), max(a.idx), count(*), count(s.seq) INTO first, last, added, stored
    FROM added_entries a LEFT JOIN submissions s ON s.seq = a.submission;
    IF added = 0 THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(max(idx) + 1, 0) INTO next FROM log_entries WHERE idx < first;
    IF first <> next OR last - first + 1 <> added THEN
        RAISE EXCEPTION 'the log is gap-free: an entry takes the next index'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF stored <> added THEN
        RAISE EXCEPTION 'a log entry is of a stored submission'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

-- What a group reads, once it holds the log's lock: the size of the
-- stored entries, the log's end as the last append kept it (size and
-- frontier, none when the row is missing) and the latest checkpoint's
-- note.
CREATE FUNCTION log_end_read(
    OUT stored BIGINT, OUT size BIGINT, OUT frontier BYTEA, OUT note TEXT
)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
    SELECT coalesce(max(e.idx) + 1, 0) INTO stored FROM log_entries e;
    SELECT k.size, k.frontier INTO size, frontier FROM log_end k WHERE k.single;
    SELECT c.note INTO note FROM log_checkpoints c ORDER BY c.seq DESC LIMIT 1;
END;
$$;
