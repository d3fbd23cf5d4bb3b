-- The public directory (`GET /`, `/organizations/…`): what its pages list
-- and search, one row per head, read from the head's document by a trigger
-- on `heads`, so that every way a head changes keeps it current. Only
-- organizations whose directory choice (the head `#directory`) is "public"
-- are ever shown. The role `serve` runs as needs SELECT, INSERT and UPDATE
-- on both tables.
CREATE TABLE directory_organizations (
    siren TEXT PRIMARY KEY,
    name TEXT NOT NULL,                 -- organization.name of the head last changed
    public BOOLEAN NOT NULL DEFAULT FALSE,
    changed TEXT NOT NULL,              -- RFC 3339 UTC, when one of its heads last changed
    search TEXT NOT NULL DEFAULT ''     -- what `?q=` searches, lowercased: name, SIREN, products' names and kinds
);
CREATE INDEX directory_organizations_listed
    ON directory_organizations(public, name COLLATE "C", siren COLLATE "C");
CREATE INDEX directory_organizations_changed ON directory_organizations(changed);
-- `?q=` is `search LIKE '%…%'`: a trigram index (pg_trgm, a trusted
-- extension of PostgreSQL's contrib, which the owner of the database may
-- create) finds a SIREN or a rare word without reading the whole table.
-- Without the extension, or the right to create it, the search still works,
-- reading the table.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX directory_organizations_search
            ON directory_organizations USING gin (search gin_trgm_ops);
    END IF;
EXCEPTION WHEN insufficient_privilege OR undefined_object THEN
    RAISE NOTICE 'pg_trgm is not available: the directory''s search reads the whole table';
END
$$;
CREATE TABLE directory_products (
    siren TEXT NOT NULL,
    product TEXT NOT NULL,              -- '' for the organization's commitments
    submission BIGINT NOT NULL REFERENCES submissions(seq),
    name TEXT,                          -- of the product's last declarations
    version TEXT,
    kind TEXT,
    withdrawn BOOLEAN NOT NULL,         -- the head is a withdrawal
    received_at TEXT NOT NULL,          -- of the head
    counts TEXT,                        -- the head's counts, JSON
    changed TEXT NOT NULL,
    PRIMARY KEY (siren, product)
);
CREATE FUNCTION heads_directory() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    doc jsonb;
    named jsonb;
    received TEXT;
    old_name TEXT;
    new_name TEXT;
    was RECORD;
    rebuild BOOLEAN;
    stamp TEXT := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
BEGIN
    SELECT document::jsonb, received_at INTO doc, received
    FROM submissions WHERE seq = NEW.submission;
    -- The search text is kept as products come, without reading the
    -- organization's other products: a new product's name and kind are
    -- added to it, unless it holds them already (versions of one product
    -- under several ids share a name); a new or renamed organization, or a renamed product,
    -- has it rebuilt from every product.
    SELECT name INTO old_name FROM directory_organizations WHERE siren = NEW.siren;
    new_name := coalesce(doc->'organization'->>'name', NEW.siren);
    rebuild := old_name IS DISTINCT FROM new_name;
    INSERT INTO directory_organizations (siren, name, public, changed)
    VALUES (NEW.siren, new_name,
            NEW.product = '#directory' AND doc->>'directory' IS NOT DISTINCT FROM 'public', stamp)
    ON CONFLICT (siren) DO UPDATE SET
        name = excluded.name,
        public = CASE WHEN NEW.product = '#directory' THEN excluded.public
                 ELSE directory_organizations.public END,
        changed = excluded.changed;
    IF NEW.product <> '#directory' THEN
        named := doc;
        IF doc->'withdrawn' = 'true'::jsonb THEN
            SELECT document::jsonb INTO named FROM submissions
            WHERE siren = NEW.siren AND product = NEW.product
              AND NOT (document::jsonb ? 'withdrawn')
            ORDER BY seq DESC LIMIT 1;
        END IF;
        SELECT name, kind INTO was FROM directory_products
        WHERE siren = NEW.siren AND product = NEW.product;
        IF NOT FOUND THEN
            IF NOT rebuild AND NEW.product <> '' THEN
                UPDATE directory_organizations o SET search = o.search || w.words
                FROM (SELECT lower(' ' || coalesce(named->'product'->>'name', '') || ' '
                                   || coalesce(named->'product'->>'kind', '')) AS words) w
                WHERE o.siren = NEW.siren AND strpos(o.search, w.words) = 0;
            END IF;
        ELSIF NEW.product <> '' AND (was.name IS DISTINCT FROM named->'product'->>'name'
                                     OR was.kind IS DISTINCT FROM named->'product'->>'kind') THEN
            rebuild := TRUE;
        END IF;
        INSERT INTO directory_products
            (siren, product, submission, name, version, kind, withdrawn, received_at, counts, changed)
        VALUES (NEW.siren, NEW.product, NEW.submission,
                named->'product'->>'name', named->'product'->>'version', named->'product'->>'kind',
                coalesce(doc->'withdrawn' = 'true'::jsonb, FALSE), received,
                (doc->'counts')::text, stamp)
        ON CONFLICT (siren, product) DO UPDATE SET
            submission = excluded.submission, name = excluded.name,
            version = excluded.version, kind = excluded.kind,
            withdrawn = excluded.withdrawn, received_at = excluded.received_at,
            counts = excluded.counts, changed = excluded.changed;
    END IF;
    IF rebuild THEN
        UPDATE directory_organizations o SET search = lower(o.name || ' ' || o.siren || coalesce(
            (SELECT ' ' || string_agg(coalesce(p.name, '') || ' ' || coalesce(p.kind, ''), ' ')
             FROM directory_products p WHERE p.siren = NEW.siren AND p.product <> ''), ''))
        WHERE o.siren = NEW.siren;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER heads_directory AFTER INSERT OR UPDATE OF submission ON heads
    FOR EACH ROW EXECUTE FUNCTION heads_directory();
-- The heads stored before this migration.
UPDATE heads SET submission = submission;
