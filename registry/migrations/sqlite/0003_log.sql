-- The transparency log (SPEC §8). Every accepted submission and withdrawal
-- is appended as one entry, in the transaction that stores it; `log_hashes`
-- holds the hash of each leaf and of each complete subtree (level, index:
-- leaves index·2^level to (index+1)·2^level − 1), so that roots and proofs
-- read O(log n) rows; `log_checkpoints` the signed checkpoints, one per
-- tree size published. All three are append-only, and entries gap-free.
CREATE TABLE log_entries (
    idx INTEGER PRIMARY KEY,            -- leaf index, from 0
    submission INTEGER NOT NULL UNIQUE REFERENCES submissions(seq),
    digest TEXT NOT NULL,               -- as in the entry text
    id TEXT NOT NULL                    -- the receipt id
) STRICT;
CREATE TABLE log_hashes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,                 -- 32 bytes
    PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;
CREATE TABLE log_checkpoints (
    seq INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    note TEXT NOT NULL                  -- the signed note, as served
) STRICT;
CREATE INDEX log_checkpoints_by_size ON log_checkpoints(size);
CREATE TRIGGER log_entries_gap_free BEFORE INSERT ON log_entries
WHEN NEW.idx IS NOT (SELECT coalesce(max(idx) + 1, 0) FROM log_entries)
BEGIN
    SELECT RAISE(ABORT, 'the log is gap-free: an entry takes the next index');
END;
CREATE TRIGGER log_entries_never_updated BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: an entry is never updated');
END;
CREATE TRIGGER log_entries_never_deleted BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: an entry is never deleted');
END;
CREATE TRIGGER log_hashes_never_updated BEFORE UPDATE ON log_hashes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: a stored hash is never updated');
END;
CREATE TRIGGER log_hashes_never_deleted BEFORE DELETE ON log_hashes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: a stored hash is never deleted');
END;
CREATE TRIGGER log_checkpoints_never_updated BEFORE UPDATE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: a checkpoint is never updated');
END;
CREATE TRIGGER log_checkpoints_never_deleted BEFORE DELETE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: a checkpoint is never deleted');
END;
