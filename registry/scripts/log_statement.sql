-- What each part of a group's log statement costs PostgreSQL: the
-- entries (with the gap-free check), the stored hashes, the log's end and
-- the checkpoint, as the registry writes them for a group (`per` entries,
-- twice as many hashes), timed inside one transaction by a loop, in
-- microseconds a group. For a throwaway database migrated by
-- `charte-registry` with one token (registry/scripts/postgres.sh start;
-- charte-registry token add --db URL --siren 732829320):
--   psql -q URL -f registry/scripts/log_statement.sql
--   for v in prep full nohashes noend nocheckpoint entriesonly; do
--     psql -At URL -c "BEGIN; SELECT round(bench(1500, 7, '$v')::numeric, 1); ROLLBACK;" | sed -n 2p
--   done
-- `prep` is the loop alone (the arrays made); subtract it. The first run
-- of a session warms the caches: run `full` twice.
INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document)
SELECT 'b' || n, 'b' || n, '732829320', 'p' || n, '2026-01-01T00:00:00Z', (SELECT min(id) FROM tokens), '{}'
FROM generate_series(1, 30000) n;
ANALYZE;
CREATE OR REPLACE FUNCTION bench(groups int, per int, variant text) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz; g int; base bigint; seqs bigint[]; idxs bigint[]; digs text[]; ids text[];
  lv smallint[]; nx bigint[]; hs bytea[]; h bytea := decode(repeat('ab', 32), 'hex');
  note text := repeat('n', 300); s0 bigint;
BEGIN
  SELECT min(seq) INTO s0 FROM submissions WHERE id LIKE 'b%';
  t0 := clock_timestamp();
  FOR g IN 1..groups LOOP
    SELECT coalesce(max(idx)+1, 0) INTO base FROM log_entries;
    idxs := ARRAY(SELECT base + i FROM generate_series(0, per-1) i);
    seqs := ARRAY(SELECT s0 + base + i FROM generate_series(0, per-1) i);
    digs := ARRAY(SELECT repeat('d', 64) FROM generate_series(1, per));
    ids := ARRAY(SELECT 'sub_' || repeat('0', 32) FROM generate_series(1, per));
    lv := ARRAY(SELECT (CASE WHEN i < per THEN 0 ELSE 1 END)::smallint FROM generate_series(0, 2*per-1) i);
    nx := ARRAY(SELECT CASE WHEN i < per THEN base + i ELSE (base + i) * 7 END FROM generate_series(0, 2*per-1) i);
    hs := ARRAY(SELECT h FROM generate_series(1, 2*per));
    IF variant = 'full' THEN
      WITH entries AS (INSERT INTO log_entries (idx, submission, digest, id)
           SELECT * FROM unnest(idxs, seqs, digs, ids) AS e(idx, submission, digest, id) ORDER BY idx),
       hashes AS (INSERT INTO log_hashes (level, idx, hash) SELECT * FROM unnest(lv, nx, hs)),
       end_kept AS (INSERT INTO log_end (single, size, frontier) VALUES (true, base+per, h || h || h)
         ON CONFLICT (single) DO UPDATE SET size = excluded.size, frontier = excluded.frontier)
      INSERT INTO log_checkpoints (size, note) SELECT base+per, note;
    ELSIF variant = 'nohashes' THEN
      WITH entries AS (INSERT INTO log_entries (idx, submission, digest, id)
           SELECT * FROM unnest(idxs, seqs, digs, ids) AS e(idx, submission, digest, id) ORDER BY idx),
       end_kept AS (INSERT INTO log_end (single, size, frontier) VALUES (true, base+per, h || h || h)
         ON CONFLICT (single) DO UPDATE SET size = excluded.size, frontier = excluded.frontier)
      INSERT INTO log_checkpoints (size, note) SELECT base+per, note;
    ELSIF variant = 'noend' THEN
      WITH entries AS (INSERT INTO log_entries (idx, submission, digest, id)
           SELECT * FROM unnest(idxs, seqs, digs, ids) AS e(idx, submission, digest, id) ORDER BY idx),
       hashes AS (INSERT INTO log_hashes (level, idx, hash) SELECT * FROM unnest(lv, nx, hs))
      INSERT INTO log_checkpoints (size, note) SELECT base+per, note;
    ELSIF variant = 'nocheckpoint' THEN
      WITH entries AS (INSERT INTO log_entries (idx, submission, digest, id)
           SELECT * FROM unnest(idxs, seqs, digs, ids) AS e(idx, submission, digest, id) ORDER BY idx),
       hashes AS (INSERT INTO log_hashes (level, idx, hash) SELECT * FROM unnest(lv, nx, hs))
      INSERT INTO log_end (single, size, frontier) VALUES (true, base+per, h || h || h)
         ON CONFLICT (single) DO UPDATE SET size = excluded.size, frontier = excluded.frontier;
    ELSIF variant = 'entriesonly' THEN
      INSERT INTO log_entries (idx, submission, digest, id)
           SELECT * FROM unnest(idxs, seqs, digs, ids) AS e(idx, submission, digest, id) ORDER BY idx;
    ELSIF variant = 'prep' THEN
      NULL;
    END IF;
  END LOOP;
  RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / groups;
END $$;
