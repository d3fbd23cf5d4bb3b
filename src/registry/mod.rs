//! The registry's client side (SPEC §5): submission documents and their
//! digests, and the tokens that open a registry.

pub mod credentials;
pub mod document;
pub mod retry;
