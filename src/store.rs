//! Every read and write of a file the tool owns or edits (the manifest,
//! `charte.lock`, the cache, receipts, credentials, imported files): reads
//! bounded and of regular files only; writes an atomic replace under an
//! exclusive lock, and nothing written when nothing changed (SPEC §2).
//!
//! A read refuses what is not a regular file (a FIFO would block it, a
//! device such as `/dev/zero` would never end) and stops one byte past its
//! limit, whatever the size the file claimed when it was looked at.
//!
//! An interruption at any instant leaves the old file or the new one: the new
//! content goes to a temporary file in the same folder, is flushed to disk,
//! renamed over the old one, and the folder is flushed so the rename itself
//! survives a crash. Temporary files left by a killed process are removed by
//! the next writer, which holds the lock.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::Error;

/// Folder, beside the manifest, for the tool's own small files (locks,
/// receipts).
pub const TOOL_DIR: &str = ".charte";

/// Mode of the folders charte creates (`.charte/`, `.charte/receipts/`, the
/// cache's), less the umask: never writable by others, whatever the umask.
pub const DIR_MODE: u32 = 0o755;
/// Mode of the files charte creates (lock files, `charte.lock`, receipts,
/// cached documents), less the umask: never writable by others, whatever
/// the umask. Secrets are written with [`Mode::Exactly`] instead.
pub const FILE_MODE: u32 = 0o644;

/// Why a file could not be read.
#[derive(Debug)]
pub enum Unreadable {
    /// There is no such file.
    Missing,
    /// A folder where a file was expected.
    Folder,
    /// Not a regular file: what it is (`a FIFO`, `a character device`…).
    Special(&'static str),
    /// Larger than the limit: its size, or at least the bytes seen.
    TooLarge(u64),
    /// Any other failure.
    Io(io::Error),
}

impl Unreadable {
    /// The message for a file shown as `name`, read with `limit`.
    pub fn into_error(self, name: &str, limit: u64) -> Error {
        Error::Usage(match self {
            Unreadable::Missing => format!("{name} does not exist"),
            Unreadable::Folder => {
                format!(
                    "cannot read {name}: it is a folder — move it away: charte needs a file there"
                )
            }
            Unreadable::Special(what) => {
                format!("{name} is not a regular file ({what}): charte reads only files")
            }
            Unreadable::TooLarge(size) => format!(
                "{name} is larger than {}, the most charte reads ({} bytes at least)",
                mib(limit),
                size
            ),
            Unreadable::Io(e) => failure(&format!("read {name}"), &e),
        })
    }
}

/// `n` bytes in MiB, as messages say it.
fn mib(n: u64) -> String {
    format!("{} MiB", n >> 20)
}

/// Reads the regular file at `path` (symlinks followed), shown as `name`,
/// refusing anything else and anything larger than `limit` bytes.
pub fn read_bounded(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, Error> {
    try_read_bounded(path, limit).map_err(|e| e.into_error(name, limit))
}

/// The same, with `None` for a file that does not exist.
pub fn read_bounded_if_any(path: &Path, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Error> {
    match try_read_bounded(path, limit) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(Unreadable::Missing) => Ok(None),
        Err(e) => Err(e.into_error(name, limit)),
    }
}

/// The mechanism under [`read_bounded`], for callers with their own words.
///
/// The file type is checked before opening, so that a FIFO is never opened
/// (opening one for reading waits for a writer); the file is opened
/// non-blocking all the same and checked again once open, in case it was
/// replaced between the two; the read stops one byte past `limit`.
pub fn try_read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let classify = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound {
            Unreadable::Missing
        } else {
            Unreadable::Io(e)
        }
    };
    let regular = |meta: &fs::Metadata| -> Result<(), Unreadable> {
        if meta.is_dir() {
            Err(Unreadable::Folder)
        } else if !meta.is_file() {
            Err(Unreadable::Special(kind_of(meta)))
        } else if meta.len() > limit {
            Err(Unreadable::TooLarge(meta.len()))
        } else {
            Ok(())
        }
    };
    regular(&fs::metadata(path).map_err(classify)?)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | libc::O_NOCTTY,
    );
    let file = options.open(path).map_err(classify)?;
    regular(&file.metadata().map_err(Unreadable::Io)?)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is neither a folder nor a regular file is.
#[cfg(unix)]
fn kind_of(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_of(_meta: &fs::Metadata) -> &'static str {
    "a special file"
}

/// Creates `dir` and its missing parents with [`DIR_MODE`] less the umask.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// An exclusive lock, released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
    pub path: PathBuf,
}

/// Takes the exclusive lock guarding writes to `target`: the file
/// `.charte/<name>.lock` beside it, created if needed. Blocks until it is free.
pub fn lock_for(target: &Path) -> io::Result<FileLock> {
    let dir = folder_of(target);
    let name = file_name(target)?;
    let lock_dir = dir.join(TOOL_DIR);
    let named = |what: String| move |e: io::Error| io::Error::new(e.kind(), failure(&what, &e));
    create_dir(&lock_dir).map_err(named(format!("create the folder {}", lock_dir.display())))?;
    let path = lock_dir.join(format!("{name}.lock"));
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options
        .open(&path)
        .map_err(named(format!("open the lock file {}", path.display())))?;
    file.lock()
        .map_err(named(format!("lock {}", path.display())))?;
    Ok(FileLock { _file: file, path })
}

/// `cannot ACTION: why — what to do`, for an I/O error: "cannot write
/// charte.lock: permission denied — check the permissions of the file and
/// its folder, or run from a copy you may write". `action` names the file.
pub fn failure(action: &str, e: &io::Error) -> String {
    use io::ErrorKind as K;
    let why = match e.kind() {
        K::PermissionDenied => {
            "permission denied — check the permissions of the file and its folder, or run from a copy you may write".to_string()
        }
        K::ReadOnlyFilesystem => {
            "the file system is read-only — run from a copy on a disk you may write".to_string()
        }
        K::StorageFull | K::QuotaExceeded => {
            "no space left — free some space on the disk and run again".to_string()
        }
        K::IsADirectory => "it is a folder — move it away: charte needs a file there".to_string(),
        K::NotADirectory | K::AlreadyExists => {
            format!("{e} — a file is in the way of a folder: move it away")
        }
        _ => e.to_string(),
    };
    format!("cannot {action}: {why}")
}

/// How a new file's permissions are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Keep the existing file's mode; a new file gets [`FILE_MODE`] less the umask.
    Keep,
    /// This exact mode (Unix), whatever the umask: for secrets, 0o600.
    Exactly(u32),
}

/// Replaces `path` with `bytes` atomically, unless it already holds exactly
/// them. Returns whether it wrote. The caller holds the lock from
/// [`lock_for`] when it read the old content to compute the new one.
pub fn write_if_changed(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<bool> {
    // An old file longer than the new content differs from it: read no more.
    match try_read_bounded(path, bytes.len() as u64) {
        Ok(old) if old == bytes => return Ok(false),
        Ok(_) | Err(Unreadable::Missing | Unreadable::TooLarge(_)) => {}
        Err(Unreadable::Io(e)) => return Err(e),
        // Refused by write_atomic, with the reason.
        Err(Unreadable::Folder | Unreadable::Special(_)) => {}
    }
    write_atomic(path, bytes, mode)?;
    Ok(true)
}

/// The file a write to `path` replaces: `path` itself, or the file at the
/// end of its symlinks, so that a link stays a link and its target is
/// written. Refuses a target that is not a regular file, or is read-only:
/// renaming over it would succeed, and undo the protection.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let target = link_target(path)?;
    match fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", target.display()),
        )),
        Ok(_) if is_read_only(&target) => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} is read-only; make it writable to let charte change it",
                target.display()
            ),
        )),
        _ => Ok(target),
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Whether the file at `path` is protected against writing: no write bit
/// at all (which root obeys too, here), or none for this user. Renaming a
/// new file over it would succeed in a writable folder, and undo that.
pub fn is_read_only(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if meta.permissions().readonly() {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) {
            // SAFETY: `c` is a valid NUL-terminated string for the call.
            return unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0;
        }
    }
    false
}

/// The file at the end of `path`'s symlinks, or `path` when it is not a
/// link. A dangling link gives where it points, so that writing creates it.
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => Ok(target),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let target = folder_of(path).join(fs::read_link(path)?);
                match fs::symlink_metadata(&target) {
                    Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("{} is a chain of symlinks to nothing", path.display()),
                    )),
                    _ => Ok(target),
                }
            }
            Err(e) => Err(e),
        },
        _ => Ok(path.to_path_buf()),
    }
}

/// Replaces `path` with `bytes` atomically: temporary file in the same
/// folder, fsync, rename, fsync of the folder. Through a symlink, the
/// target is replaced (see [`write_target`]).
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<()> {
    replace(path, mode, false, |file| file.write_all(bytes)).map(drop)
}

/// Replaces `path` with what `write` writes, atomically, unless it already
/// holds exactly that; returns whether it replaced it. The content goes to
/// the temporary file as it is made, never whole in memory, and is compared
/// with the old file's there: for documents of tens of megabytes.
pub fn write_streamed_if_changed(
    path: &Path,
    mode: Mode,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<bool> {
    replace(path, mode, true, |file| {
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write(&mut out)?;
        out.flush()
    })
}

/// [`write_atomic`], with the content written by `write`; when
/// `unless_same`, an old file that holds the same content is left as it
/// was. Returns whether it replaced the file.
fn replace(
    path: &Path,
    mode: Mode,
    unless_same: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<bool> {
    let target = write_target(path)?;
    let path = target.as_path();
    let dir = folder_of(path);
    let name = file_name(path)?;
    remove_stale_temporaries(dir, &name);
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    interruption::begin(path)?;
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(
            &mut options,
            match mode {
                // Never readable by others, not even before the chmod below.
                Mode::Exactly(bits) => bits & 0o700,
                Mode::Keep => FILE_MODE,
            },
        );
        let mut file = options.open(&tmp)?;
        set_mode(&file, path, mode)?;
        write(&mut file)?;
        if unless_same && same_content(&tmp, path)? {
            return Ok(false);
        }
        file.sync_all()?;
        drop(file);
        // A signal that came during the write stops it here, before the
        // file is replaced: it is left as it was.
        interruption::before_rename(path)?;
        fs::rename(&tmp, path)?;
        sync_dir(dir)?;
        Ok(true)
    })();
    if !matches!(result, Ok(true)) {
        let _ = fs::remove_file(&tmp);
    }
    let renamed = matches!(result, Ok(true));
    interruption::end(path, renamed)?;
    result
}

/// Whether the regular file `old` exists and holds what `new` holds, read
/// a block at a time.
fn same_content(new: &Path, old: &Path) -> io::Result<bool> {
    let len = |p: &Path| fs::metadata(p).map(|m| m.is_file().then_some(m.len()));
    match (len(new)?, len(old)) {
        (Some(a), Ok(Some(b))) if a == b => {}
        _ => return Ok(false),
    }
    let (mut a, mut b) = (File::open(new)?, File::open(old)?);
    let (mut x, mut y) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// SIGINT and SIGTERM against the writes above (SPEC §3.4): the signal
/// handler, installed by the binary, calls [`interruption::signal`]; a
/// write in progress finishes or stops before its rename, and says which.
pub mod interruption {
    use super::*;

    /// Set once a signal came; the low bits count the writes in progress.
    const SIGNALLED: usize = 1 << (usize::BITS - 1);
    static STATE: AtomicUsize = AtomicUsize::new(0);
    /// The writes a signal interrupted: each file and whether it was written.
    static INTERRUPTED: Mutex<Vec<(PathBuf, bool)>> = Mutex::new(Vec::new());
    /// The files this process has replaced, each once.
    static WRITTEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// What the signal handler should do.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Signalled {
        /// No write was in progress: the process may exit at once.
        ExitNow,
        /// A write is in progress: it will end the command and say whether
        /// its file was written.
        WriteInProgress,
    }

    /// Records a signal. No write starts after it.
    pub fn signal() -> Signalled {
        let mut state = STATE.load(Ordering::SeqCst);
        loop {
            let wanted = state | SIGNALLED;
            match STATE.compare_exchange(state, wanted, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) if state & !SIGNALLED == 0 => return Signalled::ExitNow,
                Ok(_) => return Signalled::WriteInProgress,
                Err(now) => state = now,
            }
        }
    }

    /// The files a signal interrupted the writing of, and whether each was
    /// written: empty unless a signal came during a write.
    pub fn interrupted() -> Vec<(PathBuf, bool)> {
        INTERRUPTED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// What a signal left on disk, for the message that ends the process:
    /// each file this process wrote or was writing, and whether it was
    /// written (`charte.toml was written; charte.lock was left as it was`).
    pub fn outcome() -> String {
        let interrupted = interrupted();
        let name = |p: &Path| {
            p.file_name()
                .unwrap_or(p.as_os_str())
                .to_string_lossy()
                .into_owned()
        };
        let mut parts: Vec<String> = Vec::new();
        for path in WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            if !interrupted.iter().any(|(p, _)| p == path) {
                parts.push(format!("{} was written", name(path)));
            }
        }
        for (path, written) in &interrupted {
            let outcome = if *written {
                "was written"
            } else {
                "was left as it was"
            };
            parts.push(format!("{} {outcome}", name(path)));
        }
        if parts.is_empty() {
            return "no file was written".to_string();
        }
        parts.join("; ")
    }

    fn stopped(path: &Path, written: bool) -> io::Error {
        INTERRUPTED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_path_buf(), written));
        let outcome = if written {
            "was written"
        } else {
            "was left as it was"
        };
        io::Error::new(
            io::ErrorKind::Interrupted,
            format!("interrupted; {} {outcome}", path.display()),
        )
    }

    pub(super) fn begin(path: &Path) -> io::Result<()> {
        let mut state = STATE.load(Ordering::SeqCst);
        loop {
            if state & SIGNALLED != 0 {
                return Err(stopped(path, false));
            }
            match STATE.compare_exchange(state, state + 1, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => return Ok(()),
                Err(now) => state = now,
            }
        }
    }

    pub(super) fn before_rename(path: &Path) -> io::Result<()> {
        if STATE.load(Ordering::SeqCst) & SIGNALLED != 0 {
            return Err(stopped(path, false));
        }
        Ok(())
    }

    /// Ends a write; an error if a signal came during it. A write stopped
    /// before its rename has already said so.
    pub(super) fn end(path: &Path, renamed: bool) -> io::Result<()> {
        if renamed {
            let mut written = WRITTEN.lock().unwrap_or_else(|e| e.into_inner());
            if !written.iter().any(|p| p == path) {
                written.push(path.to_path_buf());
            }
        }
        let before = STATE.fetch_sub(1, Ordering::SeqCst);
        if before & SIGNALLED != 0 && renamed {
            return Err(stopped(path, true));
        }
        Ok(())
    }
}

/// Removes the temporaries of `target` left by a writer that was killed.
/// Call it holding the lock from [`lock_for`], so that none of them belongs
/// to a live write: an edit that ends up changing nothing still cleans up.
pub fn clean_temporaries(target: &Path) {
    if let Ok(name) = file_name(target) {
        remove_stale_temporaries(folder_of(target), &name);
    }
}

/// Temporaries of `name` left by a writer that was killed. Only called by a
/// writer holding the lock, so none of them belongs to a live write.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn set_mode(file: &File, target: &Path, mode: Mode) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let wanted = match mode {
        Mode::Exactly(bits) => Some(bits),
        Mode::Keep => fs::metadata(target)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777),
    };
    if let Some(bits) = wanted {
        file.set_permissions(fs::Permissions::from_mode(bits))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(file: &File, target: &Path, _mode: Mode) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> io::Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a file path", path.display()),
            )
        })
}

/// Writes a command defers until it has succeeded, so that a command that
/// fails leaves no file behind: resolving referentials for a manifest
/// without `charte.lock` produces one, written only once the command that
/// needed it is done.
#[derive(Default)]
pub struct Deferred(std::sync::Mutex<Vec<DeferredWrite>>);

/// One deferred write, with what it writes for messages.
type DeferredWrite = Box<dyn FnOnce() -> Result<(), crate::error::Error> + Send>;

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |w| w.len());
        write!(f, "Deferred({n} writes)")
    }
}

impl Deferred {
    /// Adds a write to do when the command succeeds.
    pub fn push(&self, write: impl FnOnce() -> Result<(), crate::error::Error> + Send + 'static) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(write));
    }

    /// Does the writes, in the order they were deferred.
    pub fn commit(&self) -> Result<(), crate::error::Error> {
        let writes = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        writes.into_iter().try_for_each(|write| write())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("charte.toml");
        fs::write(&path, "old").unwrap();
        fs::write(dir.path().join(".charte.toml.tmp-1-1"), "stale").unwrap();
        let _lock = lock_for(&path).unwrap();
        assert!(write_if_changed(&path, b"new", Mode::Keep).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn a_streamed_write_replaces_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let streamed = |text: &'static str| {
            write_streamed_if_changed(&path, Mode::Keep, |out| out.write_all(text.as_bytes()))
                .unwrap()
        };
        assert!(streamed("first"));
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!streamed("first"));
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
        assert!(streamed("fir"));
        assert!(streamed("fist!"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "fist!");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report.json"]);
    }

    #[test]
    fn an_unchanged_file_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "same").unwrap();
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!write_if_changed(&path, b"same", Mode::Keep).unwrap());
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_kept_or_set() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "a").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"b", Mode::Keep).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let secret = dir.path().join("credentials.toml");
        write_atomic(&secret, b"token", Mode::Exactly(0o600)).unwrap();
        assert_eq!(
            fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[cfg(unix)]
    #[test]
    fn reads_refuse_what_is_not_a_regular_file_or_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = read_bounded(&zero, "zero", 10).unwrap_err().to_string();
        assert_eq!(
            err,
            "zero is not a regular file (a character device): charte reads only files"
        );
        let big = dir.path().join("big");
        fs::write(&big, "0123456789").unwrap();
        assert!(matches!(
            try_read_bounded(&big, 9),
            Err(Unreadable::TooLarge(10))
        ));
        assert_eq!(read_bounded(&big, "big", 10).unwrap(), b"0123456789");
        assert!(read_bounded_if_any(&dir.path().join("none"), "none", 10)
            .unwrap()
            .is_none());
        assert!(matches!(
            try_read_bounded(dir.path(), 10),
            Err(Unreadable::Folder)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn writes_go_through_symlinks_and_respect_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.toml");
        let link = dir.path().join("charte.lock");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("target.toml", &link).unwrap();
        assert!(write_if_changed(&link, b"new", Mode::Keep).unwrap());
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_if_changed(&link, b"newer", Mode::Keep).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = write_if_changed(&zero, b"x", Mode::Keep).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn failures_say_what_to_do() {
        assert_eq!(
            failure("write charte.lock", &io::Error::from(io::ErrorKind::PermissionDenied)),
            "cannot write charte.lock: permission denied — check the permissions of the file and its folder, or run from a copy you may write"
        );
        assert_eq!(
            failure(
                "write charte.toml",
                &io::Error::from(io::ErrorKind::StorageFull)
            ),
            "cannot write charte.toml: no space left — free some space on the disk and run again"
        );
    }

    #[test]
    fn the_lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("charte.toml");
        let held = lock_for(&path).unwrap();
        let other = File::open(&held.path).unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
