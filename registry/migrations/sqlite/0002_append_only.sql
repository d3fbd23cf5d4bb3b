-- Submissions (withdrawals among them) are append-only: the database
-- itself refuses to change or remove a stored one, whatever the client.
CREATE TRIGGER submissions_never_updated BEFORE UPDATE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'submissions are append-only: a stored submission is never updated');
END;
CREATE TRIGGER submissions_never_deleted BEFORE DELETE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'submissions are append-only: a stored submission is never deleted');
END;
