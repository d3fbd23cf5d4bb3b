//! In-process benchmarks of `charte referentials import`: a synthetic Squash
//! export of the public example's size (1,540 requirement versions × 28
//! columns over 14 projects, 1,400 `LINK_REQ_REQ` rows) and a CISO Assistant
//! library of 450 nodes, each read, mapped and rendered to its documents
//! (file I/O left out; `benches/whole-process.sh` times the whole command).
//!
//! `cargo bench --bench import`

use charte::catalogue::import::{self, Format, Options, Source};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

fn main() {
    divan::main();
}

/// The export as the bytes of an .xlsx, numbers written as numbers.
fn squash_bytes() -> Vec<u8> {
    let (requirements, links) = charte::synth::squash(1540, 1400);
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 10, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for (name, rows) in [("REQUIREMENT", &requirements), ("LINK_REQ_REQ", &links)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<u32>() {
                    Ok(n) if r > 0 && !cell.starts_with('0') => {
                        sheet.write_number(r, c, f64::from(n)).unwrap();
                    }
                    _ if cell.is_empty() => {}
                    _ => {
                        sheet.write_string(r, c, cell).unwrap();
                    }
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn source(name: &str, bytes: Vec<u8>) -> Source {
    Source {
        name: name.to_string(),
        sha256: charte::catalogue::sha256_hex(&bytes),
        bytes,
    }
}

/// Read, map and render every document.
fn run(format: Format, source: &Source) -> usize {
    let drafts = import::read(format, source, &Options::default()).unwrap();
    drafts
        .iter()
        .map(|d| import::render(d, source, format).len())
        .sum()
}

#[divan::bench(sample_count = 10)]
fn squash_1540_versions(bencher: divan::Bencher) {
    let source = source("export_full.xlsx", squash_bytes());
    bencher
        .counter(divan::counter::BytesCount::new(source.bytes.len()))
        .bench(|| run(Format::Squash, divan::black_box(&source)));
}

#[divan::bench(sample_count = 20)]
fn ciso_assistant_450_nodes(bencher: divan::Bencher) {
    let text = charte::synth::ciso_library(450);
    let source = source("synthese.yaml", text.into_bytes());
    bencher
        .counter(divan::counter::BytesCount::new(source.bytes.len()))
        .bench(|| run(Format::CisoAssistant, divan::black_box(&source)));
}
