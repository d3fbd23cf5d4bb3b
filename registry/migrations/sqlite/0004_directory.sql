-- The public directory (`GET /`, `/organizations/…`): what its pages list
-- and search, one row per head, read from the head's document by triggers
-- on `heads`, so that every way a head changes (a submission, a replay,
-- `load`) keeps it current. Only organizations whose directory choice (the
-- head `#directory`) is "public" are ever shown.
CREATE INDEX IF NOT EXISTS submissions_by_product ON submissions(siren, product);
CREATE TABLE directory_organizations (
    siren TEXT PRIMARY KEY,
    name TEXT NOT NULL,                 -- organization.name of the head last changed
    public INTEGER NOT NULL DEFAULT 0,  -- 1 when its directory choice is "public"
    changed TEXT NOT NULL,              -- RFC 3339 UTC, when one of its heads last changed
    search TEXT NOT NULL DEFAULT ''     -- what `?q=` searches: name, SIREN, products' names and kinds
) STRICT;
-- The list in order, and a search walking it in that order with the searched
-- text at hand (a covering index): a common word fills a page after a few
-- dozen entries, and counting the matches reads the index alone.
CREATE INDEX directory_organizations_listed ON directory_organizations(public, name, siren, search);
CREATE INDEX directory_organizations_changed ON directory_organizations(changed);
CREATE TABLE directory_products (
    siren TEXT NOT NULL,
    product TEXT NOT NULL,              -- '' for the organization's commitments
    submission INTEGER NOT NULL REFERENCES submissions(seq),
    name TEXT,                          -- of the product's last declarations
    version TEXT,
    kind TEXT,
    withdrawn INTEGER NOT NULL,         -- the head is a withdrawal
    received_at TEXT NOT NULL,          -- of the head
    counts TEXT,                        -- the head's counts, JSON
    changed TEXT NOT NULL,
    PRIMARY KEY (siren, product)
) STRICT;
CREATE TRIGGER heads_directory_inserted AFTER INSERT ON heads
BEGIN
    INSERT INTO directory_organizations (siren, name, public, changed)
    SELECT NEW.siren, coalesce(json_extract(s.document, '$.organization.name'), NEW.siren),
           NEW.product = '#directory' AND json_extract(s.document, '$.directory') IS 'public',
           strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM submissions s WHERE s.seq = NEW.submission
    ON CONFLICT (siren) DO UPDATE SET
        name = excluded.name,
        public = CASE WHEN NEW.product = '#directory' THEN excluded.public ELSE public END,
        changed = excluded.changed;
    INSERT INTO directory_products
        (siren, product, submission, name, version, kind, withdrawn, received_at, counts, changed)
    SELECT NEW.siren, NEW.product, s.seq,
           json_extract(k.document, '$.product.name'), json_extract(k.document, '$.product.version'),
           json_extract(k.document, '$.product.kind'),
           coalesce(json_extract(s.document, '$.withdrawn'), 0), s.received_at,
           json_extract(s.document, '$.counts'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM submissions s
    LEFT JOIN submissions k ON k.seq = CASE WHEN json_extract(s.document, '$.withdrawn') THEN
        (SELECT max(seq) FROM submissions WHERE siren = NEW.siren AND product = NEW.product
             AND json_extract(document, '$.withdrawn') IS NULL)
        ELSE s.seq END
    WHERE s.seq = NEW.submission AND NEW.product <> '#directory'
    ON CONFLICT (siren, product) DO UPDATE SET
        submission = excluded.submission, name = excluded.name, version = excluded.version,
        kind = excluded.kind, withdrawn = excluded.withdrawn, received_at = excluded.received_at,
        counts = excluded.counts, changed = excluded.changed;
    UPDATE directory_organizations SET search = name || ' ' || siren || coalesce(
        (SELECT ' ' || group_concat(coalesce(p.name, '') || ' ' || coalesce(p.kind, ''), ' ')
         FROM directory_products p WHERE p.siren = NEW.siren AND p.product <> ''), '')
    WHERE siren = NEW.siren AND search = '';
END;
CREATE TRIGGER heads_directory_updated AFTER UPDATE OF submission ON heads
BEGIN
    INSERT INTO directory_organizations (siren, name, public, changed)
    SELECT NEW.siren, coalesce(json_extract(s.document, '$.organization.name'), NEW.siren),
           NEW.product = '#directory' AND json_extract(s.document, '$.directory') IS 'public',
           strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM submissions s WHERE s.seq = NEW.submission
    ON CONFLICT (siren) DO UPDATE SET
        name = excluded.name,
        public = CASE WHEN NEW.product = '#directory' THEN excluded.public ELSE public END,
        changed = excluded.changed;
    INSERT INTO directory_products
        (siren, product, submission, name, version, kind, withdrawn, received_at, counts, changed)
    SELECT NEW.siren, NEW.product, s.seq,
           json_extract(k.document, '$.product.name'), json_extract(k.document, '$.product.version'),
           json_extract(k.document, '$.product.kind'),
           coalesce(json_extract(s.document, '$.withdrawn'), 0), s.received_at,
           json_extract(s.document, '$.counts'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM submissions s
    LEFT JOIN submissions k ON k.seq = CASE WHEN json_extract(s.document, '$.withdrawn') THEN
        (SELECT max(seq) FROM submissions WHERE siren = NEW.siren AND product = NEW.product
             AND json_extract(document, '$.withdrawn') IS NULL)
        ELSE s.seq END
    WHERE s.seq = NEW.submission AND NEW.product <> '#directory'
    ON CONFLICT (siren, product) DO UPDATE SET
        submission = excluded.submission, name = excluded.name, version = excluded.version,
        kind = excluded.kind, withdrawn = excluded.withdrawn, received_at = excluded.received_at,
        counts = excluded.counts, changed = excluded.changed;
    UPDATE directory_organizations SET search = name || ' ' || siren || coalesce(
        (SELECT ' ' || group_concat(coalesce(p.name, '') || ' ' || coalesce(p.kind, ''), ' ')
         FROM directory_products p WHERE p.siren = NEW.siren AND p.product <> ''), '')
    WHERE siren = NEW.siren AND search = '';
END;
-- The search text is kept as products come, without reading the
-- organization's other products: a new product's name and kind are added
-- to it, unless it holds them already (versions of one product under
-- several ids share a name); a renamed organization or product empties it, and the head's
-- trigger above then rebuilds it from every product (`search = ''` means
-- "to rebuild": a stored one always holds at least the name and SIREN).
CREATE TRIGGER directory_products_added AFTER INSERT ON directory_products
WHEN NEW.product <> ''
BEGIN
    UPDATE directory_organizations
    SET search = search || ' ' || coalesce(NEW.name, '') || ' ' || coalesce(NEW.kind, '')
    WHERE siren = NEW.siren AND search <> ''
      AND instr(search, ' ' || coalesce(NEW.name, '') || ' ' || coalesce(NEW.kind, '')) = 0;
END;
CREATE TRIGGER directory_products_renamed AFTER UPDATE OF name, kind ON directory_products
WHEN NEW.product <> '' AND (OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind)
BEGIN
    UPDATE directory_organizations SET search = '' WHERE siren = NEW.siren;
END;
CREATE TRIGGER directory_organizations_renamed AFTER UPDATE OF name ON directory_organizations
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE directory_organizations SET search = '' WHERE siren = NEW.siren;
END;
-- The heads stored before this migration.
UPDATE heads SET submission = submission;
