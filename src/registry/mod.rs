//! The registry's client side (SPEC §5): submission documents and their
//! digests, the protocol with its retries, the tokens that open a registry,
//! and the receipts kept beside the manifest.

pub mod client;
pub mod credentials;
pub mod document;
pub mod log;
pub mod receipts;
pub mod retry;
