-- The schema as the registry created it before versioned migrations
-- (user_version 1): IF NOT EXISTS, so that such a database takes this
-- migration as already applied.
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,          -- lowercase hex sha256 of the token
    siren TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,              -- RFC 3339 UTC
    revoked TEXT                        -- RFC 3339 UTC, NULL while valid
) STRICT;
CREATE TABLE IF NOT EXISTS submissions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,            -- public receipt id
    digest TEXT NOT NULL,               -- sha256 of the canonical JSON = Idempotency-Key
    siren TEXT NOT NULL,
    product TEXT,                       -- NULL for the organization's commitments
    received_at TEXT NOT NULL,          -- RFC 3339 UTC
    token_id INTEGER NOT NULL REFERENCES tokens(id),
    document TEXT NOT NULL              -- canonical JSON
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS submissions_idempotency_key ON submissions(digest);
CREATE TABLE IF NOT EXISTS heads (
    siren TEXT NOT NULL,
    product TEXT NOT NULL,              -- '' for the organization's commitments
    submission INTEGER NOT NULL REFERENCES submissions(seq),
    PRIMARY KEY (siren, product)
) STRICT;
