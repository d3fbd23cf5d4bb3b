-- The schema of the SQLite store, in PostgreSQL's dialect: the same
-- tables, columns and unique constraints, dates as RFC 3339 text so that
-- receipts read the same on both engines.
CREATE TABLE tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,          -- lowercase hex sha256 of the token
    siren TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,              -- RFC 3339 UTC
    revoked TEXT                        -- RFC 3339 UTC, NULL while valid
);
CREATE TABLE submissions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,            -- public receipt id
    digest TEXT NOT NULL,               -- sha256 of the canonical JSON = Idempotency-Key
    siren TEXT NOT NULL,
    product TEXT,                       -- NULL for the organization's commitments
    received_at TEXT NOT NULL,          -- RFC 3339 UTC
    token_id BIGINT NOT NULL REFERENCES tokens(id),
    document TEXT NOT NULL              -- canonical JSON
);
CREATE UNIQUE INDEX submissions_idempotency_key ON submissions(digest);
CREATE INDEX submissions_by_product ON submissions(siren, product);
CREATE TABLE heads (
    siren TEXT NOT NULL,
    product TEXT NOT NULL,              -- '' for the organization's commitments
    submission BIGINT NOT NULL REFERENCES submissions(seq),
    PRIMARY KEY (siren, product)
);
