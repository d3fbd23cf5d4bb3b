//! Group commit of the PostgreSQL store, as [`crate::group`] does for
//! SQLite: in each `serve` process, the submissions that arrive while
//! another is being stored share its transaction, its log append and its
//! `COMMIT` (one WAL flush). No submission is answered before the commit
//! that holds it.
//!
//! One connection of the pool is the group's, used by one submitter at a
//! time. A submitter that finds no group open takes a connection and
//! `BEGIN`s; each submission runs in a savepoint (a refused one, or one in
//! flight in another process, is rolled back alone) and writes its row
//! alone. When it is done, a submitter commits, unless another submitter
//! is waiting for the group and it is not full: then it lets the next one
//! in and waits for the group to end. The last member ends the group: it
//! makes each row the head of its product (all heads in one statement, in
//! key order, so that groups that wait for each other's heads never wait
//! in a circle), takes the log's advisory lock
//! ([`crate::log::postgres::LOG_LOCK`]) and reads the log's end, in one
//! round trip; then it stores the group's entries, their hashes and one
//! signed checkpoint in one statement sent with the `COMMIT`. The log's
//! lock is held from the read to the commit only: the groups of the
//! several processes write their rows at the same time and take turns for
//! the log alone, which is then in the order of their commits. The members
//! are woken, each answered with its own receipt and its inclusion proof
//! against that checkpoint, or with the error that ended the group
//! (nothing of it is stored then). A member that panics ends its group
//! with an error.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use anyhow::{Context, Result};
use deadpool_postgres::{GenericClient, Object};
use tokio_postgres::types::ToSql;

use super::{
    block_on, by_digest, classify, digest_lock_key, head, submitted, InFlightElsewhere, PgStore,
    Unavailable, RECEIPT_COLUMNS,
};
use crate::log::postgres::{lock_and_read_end, prepared, proof_of, store_and_commit};
use crate::log::{Signed, Signer};
use crate::store::{Answer, NewSubmission, Outcome, Receipt};

/// The most submissions one transaction holds: each stored one is a
/// subtransaction with its own id, and a backend keeps 64 of those in
/// shared memory before every snapshot of the cluster gets slower.
const MAX_GROUP: usize = 48;

/// How a group ended badly, for each of its members.
#[derive(Debug, Clone)]
struct Failure {
    message: String,
    unavailable: bool,
}

impl Failure {
    fn of(err: &anyhow::Error) -> Failure {
        Failure {
            message: format!("the transaction of this submission failed: {err:#}"),
            unavailable: err.downcast_ref::<Unavailable>().is_some(),
        }
    }

    fn error(&self) -> anyhow::Error {
        if self.unavailable {
            anyhow::Error::new(Unavailable(self.message.clone()))
        } else {
            anyhow::anyhow!(self.message.clone())
        }
    }
}

/// How a group ended: its log entries and their checkpoint (none when it
/// stored no submission), or its failure.
type Ended = Result<Option<Arc<Signed>>, Failure>;

/// The group whose transaction is open.
struct Open {
    client: Object,
    group: u64,
    members: usize,
    /// The last member's savepoint is still to be released: the next
    /// member's first statements release it, or the `COMMIT` does.
    unreleased: bool,
    /// What the group's end writes for its members.
    writes: Writes,
}

/// What a group's end writes: the log entries of the rows it stored, and
/// the heads its members make current.
#[derive(Default)]
struct Writes {
    /// Submission `seq`, digest, receipt id, in the order stored.
    entries: Vec<(i64, String, String)>,
    /// The head of each (organization, product key): the last one set.
    heads: BTreeMap<(String, String), i64>,
}

impl Writes {
    /// The position of the entry of `seq`, if the group stored it.
    fn position(&self, seq: i64) -> Option<usize> {
        self.entries.iter().position(|(entry, _, _)| *entry == seq)
    }
}

#[derive(Default)]
struct State {
    /// The last group begun.
    last: u64,
    /// Every group up to this one has ended.
    ended: u64,
    /// Members waiting for each group to end.
    waiters: BTreeMap<u64, usize>,
    /// How each group ended, while members of it are still to read it.
    outcomes: BTreeMap<u64, Ended>,
}

/// The group commit of one process.
#[derive(Default)]
pub(crate) struct GroupCommit {
    /// Submitters waiting for the group.
    waiting: AtomicUsize,
    /// The open group, used by one submitter at a time.
    open: Mutex<Option<Open>>,
    /// What this process's last group stored of the log, read under
    /// `open`: its checkpoint needs no verifying when the next group finds
    /// it still the latest.
    last: Mutex<Option<Arc<Signed>>>,
    state: Mutex<State>,
    ended: Condvar,
}

impl GroupCommit {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `submission` in the open group or a new one; answers once
    /// the group is committed, or with the error that ended it.
    pub(crate) fn submit(
        &self,
        store: &PgStore,
        submission: &NewSubmission<'_>,
        new_id: &str,
        signer: &Signer,
    ) -> Result<(Receipt, Outcome)> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        if open.is_none() {
            let client = block_on(store.client())?;
            if let Err(err) =
                block_on(async { client.batch_execute("BEGIN").await.map_err(classify) })
            {
                drop(Object::take(client));
                return Err(err);
            }
            let mut state = self.state();
            state.last += 1;
            *open = Some(Open {
                client,
                group: state.last,
                members: 0,
                unreleased: false,
                writes: Writes::default(),
            });
        }
        let group = open.as_ref().map_or(0, |open| open.group);
        let turn = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let current = open.as_mut().expect("a group is open");
            current.members += 1;
            block_on(async { Ok(turn(current, submission, new_id).await) })
        }));
        let result = match turn {
            Ok(Ok(Ok(result))) => result,
            Ok(Ok(Err(broken))) | Ok(Err(broken)) => {
                // The transaction cannot be trusted any more: none of the
                // group is stored, and its members are answered with this.
                let failure = Failure::of(&broken);
                self.abandon(&mut open, group, failure);
                return Err(broken);
            }
            Err(panic) => {
                let failure = Failure {
                    message: "the transaction of this submission failed: another submission \
                              of it failed unexpectedly"
                        .to_owned(),
                    unavailable: false,
                };
                self.abandon(&mut open, group, failure);
                drop(open);
                std::panic::resume_unwind(panic)
            }
        };
        let members = open.as_ref().map_or(0, |open| open.members);
        if self.waiting.load(Ordering::SeqCst) > 0 && members < MAX_GROUP {
            *self.state().waiters.entry(group).or_default() += 1;
            drop(open);
            return answer(result, self.wait(group));
        }
        let current = open.take().expect("a group is open");
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let committed = block_on(end(
            &current.client,
            &current.writes,
            signer,
            last.as_deref(),
        ));
        let ended = match committed {
            Ok(signed) => {
                let signed = signed.map(Arc::new);
                if signed.is_some() {
                    last.clone_from(&signed);
                }
                Ok(signed)
            }
            Err(err) => {
                drop(Object::take(current.client));
                Err(Failure::of(&err))
            }
        };
        self.end(group, ended.clone());
        drop(open);
        answer(result, ended)
    }

    /// Ends the open group without storing any of it: its connection is
    /// closed (PostgreSQL rolls its transaction back).
    fn abandon(&self, open: &mut Option<Open>, group: u64, failure: Failure) {
        if let Some(current) = open.take() {
            drop(Object::take(current.client));
        }
        self.end(group, Err(failure));
    }

    fn end(&self, group: u64, ended: Ended) {
        let mut state = self.state();
        state.ended = group;
        if state.waiters.contains_key(&group) {
            state.outcomes.insert(group, ended);
        }
        self.ended.notify_all();
    }

    /// Waits (without the group) for `group` to end.
    fn wait(&self, group: u64) -> Ended {
        let mut state = self.state();
        while state.ended < group {
            state = self
                .ended
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let ended = state.outcomes.get(&group).cloned().unwrap_or_else(|| {
            Err(Failure {
                message: "the transaction of this submission ended without an outcome".to_owned(),
                unavailable: false,
            })
        });
        let waiters = state.waiters.entry(group).or_default();
        *waiters = waiters.saturating_sub(1);
        if *waiters == 0 {
            state.waiters.remove(&group);
            state.outcomes.remove(&group);
        }
        ended
    }
}

/// A member's answer once its group ended.
fn answer(result: Result<Answer>, ended: Ended) -> Result<(Receipt, Outcome)> {
    let signed = ended.map_err(|failure| failure.error())?;
    result?.with(signed.as_deref())
}

/// The group's transaction cannot go on (a savepoint refused): not an
/// error of one member.
#[derive(Debug, thiserror::Error)]
#[error("the transaction of this group cannot go on: {0}")]
struct Broken(String);

/// `err`, before this member's savepoint is begun: it ends the group (a
/// rollback to the savepoint would undo the previous member's work).
fn broken(err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<Unavailable>() {
        Ok(unavailable) => anyhow::Error::new(unavailable),
        Err(err) => anyhow::Error::new(Broken(format!("{err:#}"))),
    }
}

/// Runs one member's submission in a savepoint of the group's
/// transaction: `Ok` with its own result (an error rolled back to its
/// savepoint alone), or `Err` when the transaction is broken (the
/// connection lost, a savepoint refused).
async fn turn(
    open: &mut Open,
    submission: &NewSubmission<'_>,
    new_id: &str,
) -> Result<Result<Answer>> {
    let release = std::mem::take(&mut open.unreleased);
    let result = work(&open.client, &mut open.writes, release, submission, new_id).await;
    let client = &open.client;
    match result {
        Ok(answer) => {
            // Released with the next member's savepoint, or committed.
            open.unreleased = true;
            Ok(Ok(answer))
        }
        Err(err)
            if err.downcast_ref::<Unavailable>().is_some()
                || err.downcast_ref::<Broken>().is_some() =>
        {
            Err(err)
        }
        Err(err) => {
            client
                .batch_execute("ROLLBACK TO SAVEPOINT member; RELEASE SAVEPOINT member")
                .await
                .map_err(classify)
                .context("cannot roll a refused submission back")?;
            Ok(Err(err))
        }
    }
}

/// One submission, in the savepoint `member` it begins; what it leaves
/// for the group's end is added to `writes` after its last statement, so
/// that a member rolled back leaves nothing there.
async fn work(
    client: &Object,
    writes: &mut Writes,
    release: bool,
    submission: &NewSubmission<'_>,
    new_id: &str,
) -> Result<Answer> {
    // Prepared first, so that the three statements below reach the server
    // in this order, in one round trip: the previous member's savepoint
    // released and this one's begun, the digest's lock, the lookup.
    let claim = prepared(client, "SELECT pg_try_advisory_xact_lock($1)")
        .await
        .map_err(broken)?;
    let lookup = prepared(
        client,
        &format!("SELECT {RECEIPT_COLUMNS} FROM submissions WHERE digest = $1"),
    )
    .await
    .map_err(broken)?;
    let key = digest_lock_key(submission.digest);
    let (claim_params, lookup_params): ([&(dyn ToSql + Sync); 1], [&(dyn ToSql + Sync); 1]) =
        ([&key], [&submission.digest]);
    let (savepoint, claimed, found) = tokio::join!(
        client.batch_execute(if release {
            "RELEASE SAVEPOINT member; SAVEPOINT member"
        } else {
            "SAVEPOINT member"
        }),
        client.query_one(&claim, &claim_params),
        client.query_opt(&lookup, &lookup_params),
    );
    // Without its savepoint, a member's rollback would undo another's
    // work: the group ends.
    savepoint.map_err(|err| broken(classify(err)))?;
    // A submission of the same digest in flight in another process: the
    // lock is held until that one's transaction ends.
    if !claimed.map_err(classify)?.get::<_, bool>(0) {
        return Err(anyhow::Error::new(InFlightElsewhere(
            submission.digest.to_owned(),
        )));
    }
    let found = found
        .map_err(classify)?
        .map(|row| (row.get::<_, i64>("seq"), head(&row).receipt));
    let (seq, mut receipt, outcome) = match found {
        Some((seq, receipt)) => (seq, receipt, Outcome::Replayed),
        None if submission.withdrawn
            && !submitted(client, submission.siren, submission.product).await? =>
        {
            return Ok(Answer::Done(
                submission.nothing_to_withdraw(),
                Outcome::NothingToWithdraw,
            ));
        }
        None => {
            let receipt = submission.receipt(new_id);
            // Another process may have stored the same digest since the
            // lookup: the unique index then makes this insert nothing.
            let insert = prepared(
                client,
                "INSERT INTO submissions
                     (id, digest, siren, product, received_at, token_id, document)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (digest) DO NOTHING RETURNING seq",
            )
            .await?;
            let inserted = client
                .query_opt(
                    &insert,
                    &[
                        &receipt.id,
                        &receipt.digest,
                        &receipt.organization,
                        &receipt.product,
                        &receipt.received_at,
                        &submission.token_id,
                        &submission.canonical,
                    ],
                )
                .await
                .map_err(classify)?;
            match inserted {
                Some(row) => {
                    let seq: i64 = row.get(0);
                    writes
                        .entries
                        .push((seq, receipt.digest.clone(), receipt.id.clone()));
                    writes.heads.insert(
                        (receipt.organization.clone(), receipt.head_key().to_owned()),
                        seq,
                    );
                    let position = writes.entries.len() - 1;
                    return Ok(Answer::Logged(receipt, Outcome::Created, position));
                }
                None => {
                    let (seq, receipt) = by_digest(client, submission.digest)
                        .await?
                        .context("a conflicting submission vanished")?;
                    (seq, receipt, Outcome::Replayed)
                }
            }
        }
    };
    // A replay makes its document current again, at the group's end. A
    // replay of a submission stored in this very group has its proof once
    // the group is.
    let position = writes.position(seq);
    if position.is_none() {
        receipt.log = proof_of(client, seq).await?;
    }
    writes.heads.insert(
        (receipt.organization.clone(), receipt.head_key().to_owned()),
        seq,
    );
    Ok(match position {
        Some(position) => Answer::Logged(receipt, outcome, position),
        None => Answer::Done(receipt, outcome),
    })
}

/// Ends a group: its heads, then the log's lock and end, in one round
/// trip; its entries, their hashes and its checkpoint, with the `COMMIT`,
/// in another. A group that stored no submission (replays only) writes
/// its heads and commits, without the log. Answers its entries and their
/// checkpoint.
async fn end(
    client: &Object,
    writes: &Writes,
    signer: &Signer,
    last: Option<&Signed>,
) -> Result<Option<Signed>> {
    if writes.heads.is_empty() {
        // Nothing written (every member refused, or withdrawing nothing).
        client.batch_execute("COMMIT").await.map_err(classify)?;
        return Ok(None);
    }
    // Prepared first: the heads must be written before the log's lock is
    // taken, in the round trip that takes it.
    let heads = prepared(
        client,
        "INSERT INTO heads (siren, product, submission)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS h (siren, product, submission)
         ORDER BY siren COLLATE \"C\", product COLLATE \"C\"
         ON CONFLICT (siren, product) DO UPDATE SET submission = excluded.submission
         WHERE heads.submission <> excluded.submission",
    )
    .await?;
    let sirens: Vec<&str> = writes
        .heads
        .keys()
        .map(|(siren, _)| siren.as_str())
        .collect();
    let products: Vec<&str> = writes.heads.keys().map(|(_, key)| key.as_str()).collect();
    let seqs: Vec<i64> = writes.heads.values().copied().collect();
    let write_heads = async {
        client
            .execute(&heads, &[&sirens, &products, &seqs])
            .await
            .map(|_| ())
            .map_err(classify)
    };
    if writes.entries.is_empty() {
        write_heads.await?;
        client.batch_execute("COMMIT").await.map_err(classify)?;
        return Ok(None);
    }
    let mut pending = lock_and_read_end(client, signer, last, write_heads).await?;
    for (seq, digest, id) in &writes.entries {
        pending.push(*seq, digest, id);
    }
    Ok(Some(store_and_commit(client, pending, signer).await?))
}
