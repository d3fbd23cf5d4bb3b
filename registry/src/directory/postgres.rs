//! The directory's queries on PostgreSQL, over the tables migration 4
//! keeps (`directory_organizations`, `directory_products`). Names sort
//! byte-wise (`COLLATE "C"`), as on SQLite, and the search ignores case
//! (the searched text is kept lowercased).

use anyhow::Result;
use deadpool_postgres::GenericClient;
use tokio_postgres::Row as PgRow;

use super::model::{
    later, leaf, like_pattern, Counts, Listed, Listing, Organization, Product, Reads, Row,
    Submission, HISTORY, PAGE_SIZE,
};
use crate::postgres::{block_on, classify, PgStore};

const ROW: &str = "SELECT p.product, p.name, p.version, p.kind, p.withdrawn, p.received_at,
                          s.id, p.counts, p.changed, s.document
                   FROM directory_products p JOIN submissions s ON s.seq = p.submission";

fn row(r: &PgRow) -> (Row, String) {
    (
        Row {
            id: r.get(0),
            name: r.get(1),
            version: r.get(2),
            kind: r.get(3),
            withdrawn: r.get(4),
            received_at: r.get(5),
            receipt: r.get(6),
            counts: Counts::parse(r.get::<_, Option<&str>>(7)),
        },
        r.get(8),
    )
}

/// `sql` prepared once per connection: the pages' queries are planned
/// once, not on every request.
async fn statement(client: &impl GenericClient, sql: &str) -> Result<tokio_postgres::Statement> {
    client.prepare_cached(sql).await.map_err(classify)
}

async fn public(client: &impl GenericClient, siren: &str) -> Result<Option<(String, String)>> {
    Ok(client
        .query_opt(
            &statement(
                client,
                "SELECT name, changed FROM directory_organizations WHERE siren = $1 AND public",
            )
            .await?,
            &[&siren],
        )
        .await
        .map_err(classify)?
        .map(|r| (r.get(0), r.get(1))))
}

impl Reads for PgStore {
    fn listing(&self, search: &str, page: u64) -> Result<Listing> {
        block_on(async {
            let client = self.client().await?;
            // Without a search, the index on (public, name, siren) gives
            // the page in order; with one, the matches are sorted.
            let filter = if search.is_empty() {
                "o.public AND $1 <> ''"
            } else {
                "o.public AND o.search LIKE $1"
            };
            // `search` is kept lowercased: LIKE on it is much cheaper than ILIKE.
            let pattern = like_pattern(&search.to_lowercase());
            let offset = page.saturating_mul(PAGE_SIZE).min(i64::MAX as u64) as i64;
            // One round trip: the number of matches and when the directory
            // last changed on every row, and one row with no organization
            // when the page is empty. The products are counted for the
            // page's rows only, not for those the offset skips.
            let found = client
                .query(
                    &statement(
                        &client,
                        &format!(
                        "SELECT (SELECT count(*) FROM directory_organizations o WHERE {filter}),
                                (SELECT max(changed) FROM directory_organizations),
                                l.siren, l.name,
                                (SELECT count(*) FROM directory_products p
                                 WHERE p.siren = l.siren AND p.product <> '' AND NOT p.withdrawn)
                         FROM (SELECT 1) one LEFT JOIN LATERAL (
                             SELECT o.siren, o.name FROM directory_organizations o WHERE {filter}
                             ORDER BY o.name COLLATE \"C\", o.siren COLLATE \"C\"
                             LIMIT $2 OFFSET $3) l ON true
                         ORDER BY l.name COLLATE \"C\", l.siren COLLATE \"C\""
                    ),
                    )
                    .await?,
                    &[&pattern, &(PAGE_SIZE as i64), &offset],
                )
                .await
                .map_err(classify)?;
            let total: i64 = found.first().map_or(0, |r| r.get(0));
            let changed = found.first().and_then(|r| r.get(1));
            let rows = found
                .iter()
                .filter_map(|r| {
                    Some(Listed {
                        siren: r.get::<_, Option<String>>(2)?,
                        name: r.get(3),
                        products: r.get::<_, i64>(4) as u64,
                    })
                })
                .collect();
            Ok(Listing {
                total: total as u64,
                rows,
                changed,
            })
        })
    }

    fn organization(&self, siren: &str) -> Result<Option<Organization>> {
        block_on(async {
            let client = self.client().await?;
            let Some((name, changed)) = public(&client, siren).await? else {
                return Ok(None);
            };
            let rows = client
                .query(
                    &statement(
                        &client,
                        &format!("{ROW} WHERE p.siren = $1 ORDER BY p.product COLLATE \"C\""),
                    )
                    .await?,
                    &[&siren],
                )
                .await
                .map_err(classify)?;
            let mut commitments = None;
            let mut products = Vec::new();
            for r in &rows {
                let (head, _) = row(r);
                if head.id.is_empty() {
                    commitments = serde_json::from_str(r.get::<_, &str>(9))
                        .ok()
                        .map(|doc| (head, doc));
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
        })
    }

    fn product(&self, siren: &str, id: &str) -> Result<Option<Product>> {
        block_on(async {
            let client = self.client().await?;
            let Some((organization, org_changed)) = public(&client, siren).await? else {
                return Ok(None);
            };
            let Some(found) = client
                .query_opt(
                    &statement(
                        &client,
                        &format!("{ROW} WHERE p.siren = $1 AND p.product = $2"),
                    )
                    .await?,
                    &[&siren, &id],
                )
                .await
                .map_err(classify)?
            else {
                return Ok(None);
            };
            let (row, changed) = row(&found);
            let document = if row.withdrawn {
                None
            } else {
                serde_json::from_str(found.get::<_, &str>(9)).ok()
            };
            let history = client
                .query(
                    &statement(
                        &client,
                        "SELECT s.id, s.received_at,
                                coalesce(s.document::jsonb -> 'withdrawn' = 'true'::jsonb, FALSE),
                                e.idx
                         FROM submissions s LEFT JOIN log_entries e ON e.submission = s.seq
                         WHERE s.siren = $1 AND s.product = $2
                         ORDER BY s.seq DESC LIMIT $3",
                    )
                    .await?,
                    &[&siren, &id, &(HISTORY as i64)],
                )
                .await
                .map_err(classify)?
                .iter()
                .map(|r| Submission {
                    id: r.get(0),
                    received_at: r.get(1),
                    withdrawn: r.get(2),
                    log: r.get::<_, Option<i64>>(3).map(|index| leaf(index as u64)),
                })
                .collect();
            Ok(Some(Product {
                siren: siren.to_owned(),
                organization,
                row,
                changed: later(changed, org_changed),
                document,
                history,
            }))
        })
    }
}
