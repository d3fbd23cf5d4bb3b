-- Submissions (withdrawals among them) are append-only: the database
-- itself refuses to change or remove a stored one, whatever the client.
CREATE FUNCTION submissions_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'submissions are append-only: a stored submission is never %',
        CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER submissions_never_updated_or_deleted
    BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION submissions_are_append_only();
CREATE TRIGGER submissions_never_truncated
    BEFORE TRUNCATE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION submissions_are_append_only();
