//! The JSON report (SPEC §3.3): field names are part of the contract.

use std::io::{self, Write};

use super::{Report, Reporter};

pub struct Json;

impl Reporter for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}
