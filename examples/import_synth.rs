//! Writes a synthetic official file for the import benchmarks: a Squash
//! export (sheets `REQUIREMENT` and `LINK_REQ_REQ`) or a CISO Assistant
//! library, in the layouts docs/import.md describes, made up by
//! `charte::synth`.
//!
//! `cargo run --release --example import_synth -- squash VERSIONS LINKS OUT.xlsx`
//! `cargo run --release --example import_synth -- ciso NODES OUT.yaml`

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

const USAGE: &str = "usage: import_synth squash VERSIONS LINKS OUT.xlsx | ciso NODES OUT.yaml";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize { args.get(i).and_then(|a| a.parse().ok()).expect(USAGE) };
    match args.first().map(String::as_str) {
        Some("squash") => {
            let (requirements, links) = charte::synth::squash(number(1), number(2));
            let out = args.get(3).expect(USAGE);
            workbook(
                &[("REQUIREMENT", &requirements), ("LINK_REQ_REQ", &links)],
                out,
            );
        }
        Some("ciso") => {
            let out = args.get(2).expect(USAGE);
            std::fs::write(out, charte::synth::ciso_library(number(1))).expect("writable output");
        }
        _ => panic!("{USAGE}"),
    }
}

/// An .xlsx of these sheets; whole numbers are written as numbers, as real
/// exports store them.
fn workbook(sheets: &[(&str, &Vec<Vec<String>>)], out: &str) {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 10, 1).expect("a date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<u32>() {
                    Ok(n) if r > 0 && !cell.starts_with('0') => {
                        sheet.write_number(r, c, f64::from(n)).expect("a cell");
                    }
                    _ if cell.is_empty() => {}
                    _ => {
                        sheet.write_string(r, c, cell).expect("a cell");
                    }
                }
            }
        }
    }
    book.save(out).expect("writable output");
}
