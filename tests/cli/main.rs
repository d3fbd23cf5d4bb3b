//! End-to-end tests: the built `charte` binary on fixture projects, with the
//! evaluation date fixed. One test binary for the whole suite.

mod bad_input;
mod badge;
mod catalogue;
mod check;
mod ci_templates;
mod completions;
mod explain;
mod help;
mod overrides;
mod reports;
mod statement;
mod submission;
mod support;
mod upcoming;
