//! Group commit of the SQLite store: submissions that arrive while another
//! is being written share its transaction, and one `COMMIT` (one `fsync`
//! of the WAL) makes them all durable. No submission is answered before the
//! commit that holds it.
//!
//! The writer connection is used by one thread at a time, as before. A
//! submitter that finds no transaction open begins one (`BEGIN
//! IMMEDIATE`); each submission runs in a savepoint of it (a refused one is
//! rolled back alone). When it is done, a submitter commits, unless another
//! submitter is waiting for the connection and the group is not full: then
//! it leaves the transaction open, lets the next one in, and waits for the
//! group to end. The last member of a group ends it: the writer stores what
//! the members left for the group's end ([`Writer::finish`]: the log's
//! entries and one signed checkpoint), commits, and wakes the others, each
//! then answered with its own result and what the end gave (its proofs),
//! or with the end's error (nothing of the group is stored then). A member
//! that panics rolls its group back and ends it with an error. Any other
//! write ends an open group before it runs.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use rusqlite::Connection;

/// The most submissions one transaction holds.
const MAX_GROUP: usize = 64;

/// The writer of a group commit: its connection, and what the members of
/// the open group leave to store at its end.
pub(crate) trait Writer {
    /// What a group's end gives each member, besides its own result.
    type Ended: Clone;

    fn connection(&mut self) -> &mut Connection;

    /// Stores, in the group's transaction before its `COMMIT`, what its
    /// members left for its end.
    fn finish(&mut self) -> rusqlite::Result<Self::Ended>;

    /// The group's transaction ended, committed or not.
    fn ended(&mut self, committed: bool);
}

/// A writer whose groups store nothing at their end.
impl Writer for Connection {
    type Ended = ();

    fn connection(&mut self) -> &mut Connection {
        self
    }

    fn finish(&mut self) -> rusqlite::Result<()> {
        Ok(())
    }

    fn ended(&mut self, _committed: bool) {}
}

/// How a group ended badly: enough to rebuild the SQLite error for each
/// member, so that it is answered as its own would be (503 when the
/// database is full, …).
#[derive(Debug, Clone)]
struct Failure {
    extended_code: i32,
    message: String,
}

impl Failure {
    fn of(err: &rusqlite::Error) -> Failure {
        let extended_code = match err {
            rusqlite::Error::SqliteFailure(code, _) => code.extended_code,
            _ => rusqlite::ffi::SQLITE_ERROR,
        };
        Failure {
            extended_code,
            message: format!("the transaction of this submission failed: {err}"),
        }
    }

    fn error(&self) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(self.extended_code),
            Some(self.message.clone()),
        )
    }
}

/// How a group ended: what its end gave, or its failure.
type Ended<E> = Result<E, Failure>;

struct State<E> {
    /// The group whose transaction is open, if any.
    open: Option<u64>,
    /// Its members so far.
    members: usize,
    /// The last group begun.
    last: u64,
    /// Every group up to this one has ended.
    ended: u64,
    /// Members waiting for each group to end.
    waiters: BTreeMap<u64, usize>,
    /// How each group ended, while members of it are still to read it.
    outcomes: BTreeMap<u64, Ended<E>>,
}

impl<E> Default for State<E> {
    fn default() -> Self {
        State {
            open: None,
            members: 0,
            last: 0,
            ended: 0,
            waiters: BTreeMap::new(),
            outcomes: BTreeMap::new(),
        }
    }
}

/// The bookkeeping of the groups of a writer whose groups' ends give `E`;
/// the writer is the caller's, held under its own lock around each call
/// but [`GroupCommit::wait`].
pub(crate) struct GroupCommit<E = ()> {
    /// Submitters waiting for the writer.
    waiting: AtomicUsize,
    state: Mutex<State<E>>,
    ended: Condvar,
}

impl<E> Default for GroupCommit<E> {
    fn default() -> Self {
        GroupCommit {
            waiting: AtomicUsize::new(0),
            state: Mutex::new(State::default()),
            ended: Condvar::new(),
        }
    }
}

/// What a submitter does once its submission ran in the group's
/// transaction.
enum Next<E> {
    /// Wait for group `.0` to end ([`GroupCommit::wait`]), after releasing
    /// the writer.
    Wait(u64),
    /// The group ended: what its end gave, or this error.
    Ended(Result<E, rusqlite::Error>),
}

impl<E: Clone> GroupCommit<E> {
    fn state(&self) -> std::sync::MutexGuard<'_, State<E>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` (a submission, which runs in a savepoint of the open
    /// transaction) with `writer`, in the open group or a new one; answers
    /// its result, with what the group's end gave, once the group's
    /// transaction is committed, or the error that ended the group.
    pub(crate) fn submit<W: Writer<Ended = E>, T>(
        &self,
        writer: &Mutex<W>,
        work: impl FnOnce(&mut W) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<(T, E)> {
        self.arriving();
        let mut writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
        self.arrived();
        self.join(writer.connection())?;
        let result = match std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut writer))) {
            Ok(result) => result,
            Err(panic) => {
                // The group cannot be trusted to hold what its members
                // were answered for: none of it is stored, and the members
                // waiting for it are answered with an error, not left
                // waiting for a commit that might never come.
                let mut state = self.state();
                if let Some(group) = state.open {
                    let conn = writer.connection();
                    if !conn.is_autocommit() {
                        let _ = conn.execute_batch("ROLLBACK");
                    }
                    writer.ended(false);
                    let failure = Failure {
                        extended_code: rusqlite::ffi::SQLITE_ERROR,
                        message: "the transaction of this submission failed: another \
                                  submission of it failed unexpectedly"
                            .to_owned(),
                    };
                    let _ = self.end(&mut state, group, Err(failure));
                }
                drop(state);
                drop(writer);
                std::panic::resume_unwind(panic)
            }
        };
        let ended = match self.after(&mut *writer, &result) {
            Next::Ended(ended) => ended,
            Next::Wait(group) => {
                drop(writer);
                self.wait(group)
            }
        };
        // The group's failure first: none of it is stored.
        let ended = ended?;
        Ok((result?, ended))
    }

    /// Runs another kind of write with `writer`, once the open group, if
    /// any, is ended.
    pub(crate) fn write<W: Writer<Ended = E>, T>(
        &self,
        writer: &Mutex<W>,
        work: impl FnOnce(&mut W) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let mut writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut state = self.state();
        if let Some(group) = state.open {
            let ended = commit(&mut *writer);
            let _ = self.end(&mut state, group, ended);
        }
        drop(state);
        work(&mut writer)
    }

    /// Counted before a submitter waits for the writer, until it has it.
    fn arriving(&self) {
        self.waiting.fetch_add(1, Ordering::SeqCst);
    }

    fn arrived(&self) {
        self.waiting.fetch_sub(1, Ordering::SeqCst);
    }

    /// Joins the open group, or begins one: its number.
    fn join(&self, conn: &Connection) -> rusqlite::Result<u64> {
        let mut state = self.state();
        if let Some(group) = state.open {
            state.members += 1;
            return Ok(group);
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        state.last += 1;
        state.open = Some(state.last);
        state.members = 1;
        Ok(state.last)
    }

    /// After a member's submission: ends the group, or leaves it open for
    /// a waiting submitter.
    fn after<W: Writer<Ended = E>>(
        &self,
        writer: &mut W,
        member: &rusqlite::Result<impl Sized>,
    ) -> Next<E> {
        let mut state = self.state();
        let Some(group) = state.open else {
            let failure = Failure {
                extended_code: rusqlite::ffi::SQLITE_ERROR,
                message: "the transaction of this submission ended before it".to_owned(),
            };
            return Next::Ended(Err(failure.error()));
        };
        if writer.connection().is_autocommit() {
            // SQLite rolled the whole transaction back (a full disk, …):
            // the group ends with this member's error.
            writer.ended(false);
            let failure = match member {
                Err(err) => Failure::of(err),
                Ok(_) => Failure::of(&rusqlite::Error::InvalidQuery),
            };
            return Next::Ended(self.end(&mut state, group, Err(failure)));
        }
        if self.waiting.load(Ordering::SeqCst) > 0 && state.members < MAX_GROUP {
            *state.waiters.entry(group).or_default() += 1;
            return Next::Wait(group);
        }
        let ended = commit(writer);
        Next::Ended(self.end(&mut state, group, ended))
    }

    fn end(
        &self,
        state: &mut State<E>,
        group: u64,
        outcome: Ended<E>,
    ) -> Result<E, rusqlite::Error> {
        state.open = None;
        state.members = 0;
        state.ended = group;
        if state.waiters.contains_key(&group) {
            state.outcomes.insert(group, outcome.clone());
        }
        self.ended.notify_all();
        outcome.map_err(|failure| failure.error())
    }

    /// Waits (without the writer) for `group` to end: what its end gave
    /// once it is committed.
    fn wait(&self, group: u64) -> rusqlite::Result<E> {
        let mut state = self.state();
        while state.ended < group {
            state = self
                .ended
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let outcome = state.outcomes.get(&group).cloned().unwrap_or_else(|| {
            Err(Failure {
                extended_code: rusqlite::ffi::SQLITE_ERROR,
                message: "the transaction of this submission ended without an outcome".to_owned(),
            })
        });
        let waiters = state.waiters.entry(group).or_default();
        *waiters = waiters.saturating_sub(1);
        if *waiters == 0 {
            state.waiters.remove(&group);
            state.outcomes.remove(&group);
        }
        outcome.map_err(|failure| failure.error())
    }
}

/// Ends the open transaction of `writer`: what its members left stored,
/// then `COMMIT`; rolled back when either fails.
fn commit<W: Writer>(writer: &mut W) -> Ended<W::Ended> {
    let ended = writer
        .finish()
        .and_then(|ended| writer.connection().execute_batch("COMMIT").map(|()| ended));
    let conn = writer.connection();
    if ended.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    writer.ended(ended.is_ok());
    ended.map_err(|err| Failure::of(&err))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::sync::Mutex;
    use std::time::Duration;

    use rusqlite::Connection;

    use super::GroupCommit;
    use crate::log::Signer;
    use crate::storage::{Canonical, Storage};
    use crate::store::{NewSubmission, Outcome, Store};

    /// A connection whose `child` rows name a `parent` checked only at
    /// `COMMIT` (a deferred foreign key): a transaction holding a `child`
    /// without its parent fails to commit.
    fn deferred_schema() -> Mutex<Connection> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (id INTEGER PRIMARY KEY,
                 parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
             INSERT INTO parent VALUES (1);",
        )
        .unwrap();
        Mutex::new(conn)
    }

    fn insert_child(conn: &mut Connection, id: i64, parent: i64) -> rusqlite::Result<()> {
        let savepoint = conn.savepoint()?;
        savepoint.execute("INSERT INTO child VALUES (?1, ?2)", [id, parent])?;
        savepoint.commit()
    }

    fn children(writer: &Mutex<Connection>) -> Vec<i64> {
        let conn = writer.lock().unwrap();
        let mut statement = conn.prepare("SELECT id FROM child ORDER BY id").unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// Waits until `count` submitters wait for the connection.
    fn until_waiting(group: &GroupCommit, count: usize) {
        while group.waiting.load(Ordering::SeqCst) != count {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Two members in one group, the commit fails: both are answered with
    /// the commit's error, and neither is stored.
    #[test]
    fn a_failed_commit_answers_every_member_with_its_error() {
        let (writer, group) = (deferred_schema(), GroupCommit::default());
        let (first, second) = std::thread::scope(|scope| {
            let first = scope.spawn(|| {
                group.submit(&writer, |conn| {
                    // A child without its parent: the commit will fail.
                    insert_child(conn, 10, 2)?;
                    // Let the second member arrive before this one is done.
                    until_waiting(&group, 1);
                    Ok("first")
                })
            });
            // The first member holds the connection once the row is in.
            while group.state().open.is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let second = scope.spawn(|| group.submit(&writer, |conn| insert_child(conn, 11, 1)));
            (first.join().unwrap(), second.join().unwrap())
        });
        for (member, result) in [("first", first.map(|_| ())), ("second", second.map(|_| ()))] {
            let err = result.expect_err(member);
            assert_eq!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ConstraintViolation),
                "{member}: {err}"
            );
            assert!(
                err.to_string()
                    .contains("the transaction of this submission failed"),
                "{member}: {err}"
            );
        }
        assert_eq!(children(&writer), Vec::<i64>::new());
        // The next group begins afresh and commits.
        group
            .submit(&writer, |conn| insert_child(conn, 12, 1))
            .unwrap();
        assert_eq!(children(&writer), vec![12]);
    }

    /// A member refused by the database (its statement fails) is rolled
    /// back alone: the other members of its group are stored.
    #[test]
    fn a_refused_member_is_rolled_back_alone() {
        let (writer, group) = (deferred_schema(), GroupCommit::default());
        let results = std::thread::scope(|scope| {
            let first = scope.spawn(|| {
                group.submit(&writer, |conn| {
                    insert_child(conn, 20, 1)?;
                    until_waiting(&group, 1);
                    Ok(())
                })
            });
            while group.state().open.is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let second = scope.spawn(|| {
                group.submit(&writer, |conn| {
                    // As a submission does: its statements in one
                    // savepoint, the second refused (a row of the same id).
                    let savepoint = conn.savepoint()?;
                    savepoint.execute("INSERT INTO child VALUES (21, 1)", [])?;
                    savepoint.execute("INSERT INTO child VALUES (20, 1)", [])?;
                    savepoint.commit()
                })
            });
            [first.join().unwrap(), second.join().unwrap()]
        });
        assert!(results[0].is_ok(), "{:?}", results[0]);
        let err = results[1].as_ref().unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
        // The refused member's first row went with its savepoint.
        assert_eq!(children(&writer), vec![20]);
    }

    /// A member that panics ends its group: nothing of it is stored, the
    /// member waiting for it is answered with an error, and the next group
    /// commits.
    #[test]
    fn a_member_that_panics_ends_its_group_with_an_error() {
        let (writer, group) = (deferred_schema(), GroupCommit::default());
        let (first, second) = std::thread::scope(|scope| {
            let first = scope.spawn(|| {
                group.submit(&writer, |conn| {
                    insert_child(conn, 40, 1)?;
                    until_waiting(&group, 1);
                    Ok(())
                })
            });
            while group.state().open.is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let second = scope.spawn(|| {
                group.submit(&writer, |conn| -> rusqlite::Result<()> {
                    insert_child(conn, 41, 1)?;
                    panic!("a bug in a submission");
                })
            });
            (first.join().unwrap(), second.join())
        });
        assert!(second.is_err(), "the panic goes on in its own thread");
        let err = first.unwrap_err();
        assert!(err.to_string().contains("failed unexpectedly"), "{err}");
        assert_eq!(children(&writer), Vec::<i64>::new());
        group
            .submit(&writer, |conn| insert_child(conn, 42, 1))
            .unwrap();
        assert_eq!(children(&writer), vec![42]);
    }

    /// A write of another kind commits the open group before it runs: the
    /// member waiting for its group is answered, and stored.
    #[test]
    fn another_write_commits_the_open_group_first() {
        let (writer, group) = (deferred_schema(), GroupCommit::default());
        std::thread::scope(|scope| {
            let member = scope.spawn(|| {
                group.submit(&writer, |conn| {
                    insert_child(conn, 30, 1)?;
                    // As if another submitter were about to join.
                    group.arriving();
                    Ok(())
                })
            });
            while group.state().waiters.is_empty() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let open = group.state().open;
            assert!(open.is_some(), "the member waits in an open group");
            group
                .write(&writer, |conn| {
                    assert!(conn.is_autocommit(), "the group is committed first");
                    conn.execute("INSERT INTO parent VALUES (2)", [])
                        .map(|_| ())
                })
                .unwrap();
            member.join().unwrap().unwrap();
            group.arrived();
        });
        assert_eq!(children(&writer), vec![30]);
    }

    /// Many submitters at once: each is answered only once its submission
    /// is committed (another connection sees it at once), all are stored,
    /// and replays among them are answered as replays.
    #[test]
    fn concurrent_submissions_are_answered_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = Store::open(&path, None).unwrap();
        let token = store.insert_token("h", "732829320", "").unwrap();
        let signer = Signer::generate("registry.test/charte").unwrap();
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let (store, path, signer) = (&store, &path, &signer);
                scope.spawn(move || {
                    let check = rusqlite::Connection::open(path).unwrap();
                    for n in 0..40 {
                        // Every fifth one repeats a digest of another thread.
                        let digest = if n % 5 == 4 {
                            format!("{:064x}", n)
                        } else {
                            format!("{:032x}{:032x}", thread + 1, n)
                        };
                        let product = format!("p-{thread}-{n}");
                        let submission = NewSubmission {
                            digest: &digest,
                            siren: "732829320",
                            product: Some(&product),
                            token_id: token,
                            canonical: Canonical::new("{}"),
                            withdrawn: false,
                            directory: None,
                        };
                        let id = format!("sub_{thread}_{n}");
                        let (receipt, outcome) = store.submit(&submission, &id, signer).unwrap();
                        assert!(matches!(outcome, Outcome::Created | Outcome::Replayed));
                        let stored: String = check
                            .query_row(
                                "SELECT id FROM submissions WHERE digest = ?1",
                                [&digest],
                                |row| row.get(0),
                            )
                            .unwrap();
                        assert_eq!(stored, receipt.id);
                    }
                });
            }
        });
        let conn = rusqlite::Connection::open(&path).unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM submissions", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 8 * 32 + 8);
        let distinct: i64 = conn
            .query_row(
                "SELECT count(DISTINCT digest) FROM submissions",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(distinct, count);
        // Each stored submission has its one leaf in the log, gap-free.
        let (leaves, submissions, last): (i64, i64, i64) = conn
            .query_row(
                "SELECT count(*), count(DISTINCT submission), max(idx) FROM log_entries",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!((leaves, submissions, last), (count, count, count - 1));
        // The tree, its stored hashes and every checkpoint signed in a group
        // agree (the documents here are not those of their digests: the
        // only problems are those).
        let report =
            crate::log::audit::verify(&store.log_contents().unwrap(), &[signer.verifier()]);
        assert_eq!(report.entries, count as u64);
        assert!(report.checkpoints > 0);
        let others: Vec<_> = report
            .problems
            .iter()
            .filter(|problem| !problem.ends_with("the document was altered in the database"))
            .collect();
        assert!(others.is_empty(), "{others:#?}");
        // A token write after the submissions: the groups are all closed.
        store.insert_token("h2", "732829320", "").unwrap();
    }

    /// Submissions refused by the database (here: an unknown token) among
    /// concurrent ones: each refused one is answered with its error, every
    /// other one is stored.
    #[test]
    fn refused_submissions_among_concurrent_ones_lose_none_of_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = Store::open(&path, None).unwrap();
        let token = store.insert_token("h", "732829320", "").unwrap();
        let signer = Signer::generate("registry.test/charte").unwrap();
        let refused = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let (store, refused, signer) = (&store, &refused, &signer);
                scope.spawn(move || {
                    for n in 0..30 {
                        let digest = format!("{:032x}{:032x}", thread + 1, n);
                        let product = format!("p-{thread}-{n}");
                        let bad = n % 7 == 3;
                        let submission = NewSubmission {
                            digest: &digest,
                            siren: "732829320",
                            product: Some(&product),
                            token_id: if bad { token + 1000 } else { token },
                            canonical: Canonical::new("{}"),
                            withdrawn: false,
                            directory: None,
                        };
                        let result =
                            store.submit(&submission, &format!("sub_{thread}_{n}"), signer);
                        if bad {
                            assert!(result.is_err(), "a submission of an unknown token");
                            refused.fetch_add(1, Ordering::SeqCst);
                        } else {
                            assert_eq!(result.unwrap().1, Outcome::Created);
                        }
                    }
                });
            }
        });
        let conn = rusqlite::Connection::open(&path).unwrap();
        let count: usize = conn
            .query_row("SELECT count(*) FROM submissions", [], |row| row.get(0))
            .unwrap();
        assert_eq!(refused.load(Ordering::SeqCst), 8 * 4);
        assert_eq!(count, 8 * 30 - 8 * 4);
        let leaves: usize = conn
            .query_row("SELECT count(*) FROM log_entries", [], |row| row.get(0))
            .unwrap();
        assert_eq!(leaves, count, "a refused submission leaves no leaf");
    }
}
