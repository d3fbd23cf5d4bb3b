//! End-to-end tests: the built `charte` binary on fixture projects, with the
//! evaluation date fixed. One test binary for the whole suite.

mod bad_input;
mod badge;
mod bulk;
mod catalogue;
mod check;
mod ci_templates;
mod completions;
mod editing;
mod errors;
mod explain;
mod failed_edits;
mod fetch;
mod help;
mod init;
mod interrupt;
mod links;
mod man;
mod network;
mod oscal;
mod overrides;
mod properties;
mod proxy;
mod registry;
mod registry_faults;
mod registry_security;
mod reports;
mod schema;
mod server;
mod statement;
mod submission;
mod support;
mod upcoming;
mod update;
mod uses;
mod writes;
