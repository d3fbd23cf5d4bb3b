-- The transparency log (SPEC §8), as in SQLite's migration 3: entries
-- (gap-free: appended under a transaction-level advisory lock, and a
-- trigger checks each index is the next), the hash of each leaf and
-- complete subtree, and the signed checkpoints. All append-only.
CREATE TABLE log_entries (
    idx BIGINT PRIMARY KEY,             -- leaf index, from 0
    submission BIGINT NOT NULL UNIQUE REFERENCES submissions(seq),
    digest TEXT NOT NULL,
    id TEXT NOT NULL
);
CREATE TABLE log_hashes (
    level SMALLINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TABLE log_checkpoints (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    size BIGINT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX log_checkpoints_by_size ON log_checkpoints(size);
CREATE FUNCTION log_entries_gap_free() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.idx IS DISTINCT FROM (SELECT coalesce(max(idx) + 1, 0) FROM log_entries) THEN
        RAISE EXCEPTION 'the log is gap-free: an entry takes the next index'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER log_entries_gap_free BEFORE INSERT ON log_entries
    FOR EACH ROW EXECUTE FUNCTION log_entries_gap_free();
CREATE FUNCTION log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the log is append-only: % is never %', TG_TABLE_NAME,
        CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_entries_never_truncated BEFORE TRUNCATE ON log_entries
    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_hashes_append_only BEFORE UPDATE OR DELETE ON log_hashes
    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_hashes_never_truncated BEFORE TRUNCATE ON log_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints
    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_checkpoints_never_truncated BEFORE TRUNCATE ON log_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
