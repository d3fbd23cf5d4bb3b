//! `charte import` of a CSV file into the `groupe` example: every row
//! read and checked as the command does, the rows that read exported and
//! read again unchanged, and a plan that holds written into the manifest,
//! which must stay valid. Also the `evidence` cell syntax on its own.

#![no_main]

use charte::edit::bulk::{self, Format};
use charte_fuzz::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import("import.csv", data, Format::Csv);
    if let Ok(cell) = std::str::from_utf8(data) {
        if let Ok(items) = bulk::parse_evidence(cell) {
            let written = bulk::format_evidence(&items);
            assert_eq!(
                bulk::parse_evidence(&written).as_ref(),
                Ok(&items),
                "an evidence cell reads back as written: {written:?}"
            );
        }
    }
});
