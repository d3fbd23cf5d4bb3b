//! The directory's queries on the SQLite store, over the tables migration
//! 4 keeps (`directory_organizations`, `directory_products`), and the
//! transparency log's entries (migration 3) for the submission history.

use anyhow::Result;
use rusqlite::{params, Connection, OptionalExtension};

use super::model::{
    later, leaf, like_pattern, Counts, Listed, Listing, Organization, Product, Reads, Row,
    Submission, HISTORY, PAGE_SIZE,
};
use crate::store::Store;

const ROW: &str = "SELECT p.product, p.name, p.version, p.kind, p.withdrawn, p.received_at,
                          s.id, p.counts, p.changed, s.document
                   FROM directory_products p JOIN submissions s ON s.seq = p.submission";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Row, String)> {
    Ok((
        Row {
            id: r.get(0)?,
            name: r.get(1)?,
            version: r.get(2)?,
            kind: r.get(3)?,
            withdrawn: r.get(4)?,
            received_at: r.get(5)?,
            receipt: r.get(6)?,
            counts: Counts::parse(r.get::<_, Option<String>>(7)?.as_deref()),
        },
        r.get(8)?,
    ))
}

fn public(conn: &Connection, siren: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT name, changed FROM directory_organizations WHERE siren = ?1 AND public",
        [siren],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn listing(conn: &Connection, search: &str, page: u64) -> rusqlite::Result<Listing> {
    // The index on (public, name, siren, search) gives the page in order,
    // with or without a search: a search reads the searched text from the
    // index, not from the table, and stops once the page is full.
    let filter = if search.is_empty() {
        "o.public = 1 AND ?1 <> ''"
    } else {
        "o.public = 1 AND o.search LIKE ?1 ESCAPE '\\'"
    };
    let pattern = like_pattern(search);
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM directory_organizations o WHERE {filter}"
        ))?
        .query_row([&pattern], |r| r.get(0))?;
    // The products are counted for the page's rows only, not for those the
    // offset skips.
    let mut statement = conn.prepare_cached(&format!(
        "SELECT l.siren, l.name,
                (SELECT count(*) FROM directory_products p
                 WHERE p.siren = l.siren AND p.product <> '' AND NOT p.withdrawn)
         FROM (SELECT o.siren, o.name FROM directory_organizations o WHERE {filter}
               ORDER BY o.name, o.siren LIMIT ?2 OFFSET ?3) l
         ORDER BY l.name, l.siren"
    ))?;
    let offset = page.saturating_mul(PAGE_SIZE).min(i64::MAX as u64) as i64;
    let rows = statement
        .query_map(params![pattern, PAGE_SIZE as i64, offset], |r| {
            Ok(Listed {
                siren: r.get(0)?,
                name: r.get(1)?,
                products: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let changed = conn
        .prepare_cached("SELECT max(changed) FROM directory_organizations")?
        .query_row([], |r| r.get(0))?;
    Ok(Listing {
        total: total as u64,
        rows,
        changed,
    })
}

fn organization(conn: &Connection, siren: &str) -> rusqlite::Result<Option<Organization>> {
    let Some((name, changed)) = public(conn, siren)? else {
        return Ok(None);
    };
    let mut statement =
        conn.prepare_cached(&format!("{ROW} WHERE p.siren = ?1 ORDER BY p.product"))?;
    let mut commitments = None;
    let mut products = Vec::new();
    let mut rows = statement.query([siren])?;
    while let Some(r) = rows.next()? {
        let (head, _) = row(r)?;
        if head.id.is_empty() {
            let document: String = r.get(9)?;
            commitments = serde_json::from_str(&document).ok().map(|doc| (head, doc));
        } else {
            products.push(head);
        }
    }
    Ok(Some(Organization {
        siren: siren.to_owned(),
        name,
        changed,
        commitments,
        products,
    }))
}

fn product(conn: &Connection, siren: &str, id: &str) -> rusqlite::Result<Option<Product>> {
    let Some((organization, org_changed)) = public(conn, siren)? else {
        return Ok(None);
    };
    let found = conn
        .query_row(
            &format!("{ROW} WHERE p.siren = ?1 AND p.product = ?2"),
            [siren, id],
            |r| Ok((row(r)?, r.get::<_, String>(9)?)),
        )
        .optional()?;
    let Some(((row, changed), document)) = found else {
        return Ok(None);
    };
    let document = if row.withdrawn {
        None
    } else {
        serde_json::from_str(&document).ok()
    };
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.received_at, coalesce(json_extract(s.document, '$.withdrawn'), 0), e.idx
         FROM submissions s LEFT JOIN log_entries e ON e.submission = s.seq
         WHERE s.siren = ?1 AND s.product = ?2 ORDER BY s.seq DESC LIMIT ?3",
    )?;
    let history = statement
        .query_map(params![siren, id, HISTORY as i64], |r| {
            Ok(Submission {
                id: r.get(0)?,
                received_at: r.get(1)?,
                withdrawn: r.get(2)?,
                log: r.get::<_, Option<i64>>(3)?.map(|index| leaf(index as u64)),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Product {
        siren: siren.to_owned(),
        organization,
        row,
        changed: later(changed, org_changed),
        document,
        history,
    }))
}

impl Reads for Store {
    fn listing(&self, search: &str, page: u64) -> Result<Listing> {
        self.read(|conn| listing(conn, search, page))
    }

    fn organization(&self, siren: &str) -> Result<Option<Organization>> {
        self.read(|conn| organization(conn, siren))
    }

    fn product(&self, siren: &str, product_id: &str) -> Result<Option<Product>> {
        self.read(|conn| product(conn, siren, product_id))
    }
}
