//! `charte import` of a JSONL file into the `groupe` example: every row
//! read and checked as the command does, the rows that read exported and
//! read again unchanged, and a plan that holds written into the manifest,
//! which must stay valid.

#![no_main]

use charte::edit::bulk::Format;
use charte_fuzz::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import("import.jsonl", data, Format::Jsonl);
});
