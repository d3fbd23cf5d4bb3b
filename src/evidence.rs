//! Evidence files on disk: whether a `path` stays inside the manifest's
//! folder, exists, and what its sha256 is. Results are cached per run since
//! one report often backs many declarations.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::engine::{EvidenceFiles, FileCheck};

pub struct Disk {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
    cache: RefCell<HashMap<(String, bool), FileCheck>>,
}

impl Disk {
    /// Evidence relative to `root`, the manifest's folder.
    pub fn new(root: &Path) -> Disk {
        Disk {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().ok(),
            cache: RefCell::new(HashMap::new()),
        }
    }

    fn inspect(&self, path: &str, digest: bool) -> FileCheck {
        let rel = Path::new(path);
        if !stays_inside(rel) {
            return FileCheck::Outside;
        }
        let full = self.root.join(rel);
        let Ok(real) = full.canonicalize() else {
            // A dangling link is as missing as a missing file.
            return FileCheck::Missing;
        };
        match &self.canonical_root {
            Some(root) if real.starts_with(root) => {}
            _ => return FileCheck::Outside,
        }
        if !real.is_file() {
            return FileCheck::Missing;
        }
        let sha256 = if digest {
            match hash_file(&real) {
                Ok(h) => Some(h),
                Err(_) => return FileCheck::Missing,
            }
        } else {
            None
        };
        FileCheck::Present { sha256 }
    }
}

impl EvidenceFiles for Disk {
    fn check(&self, path: &str, digest: bool) -> FileCheck {
        let key = (path.to_string(), digest);
        if let Some(hit) = self.cache.borrow().get(&key) {
            return hit.clone();
        }
        let result = self.inspect(path, digest);
        self.cache.borrow_mut().insert(key, result.clone());
        result
    }
}

/// Relative, and never climbing above its start.
fn stays_inside(path: &Path) -> bool {
    let mut depth: usize = 0;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// Streams a file through sha256.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(crate::text::hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_escapes() {
        assert!(stays_inside(Path::new("preuves/a.pdf")));
        assert!(stays_inside(Path::new("preuves/../a.pdf")));
        assert!(!stays_inside(Path::new("../a.pdf")));
        assert!(!stays_inside(Path::new("preuves/../../a.pdf")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
    }
}
