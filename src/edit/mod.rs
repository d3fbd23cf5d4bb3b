//! The write branch: what the editing commands (`declare`, `product`,
//! `import`, `commit`…) share. A [`session`] holds the manifest under its
//! file lock from read to atomic write; the admission [`rules`] say what may
//! be written (a requirement in use, at its level, with valid evidence);
//! [`glob`] expands requirement patterns; [`bulk`] reads and writes the
//! CSV and JSONL files of declarations.

pub mod bulk;
pub mod glob;
pub mod rules;
pub mod session;
