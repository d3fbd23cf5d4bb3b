//! Writes a project of RECEIPTS receipts logged in a test transparency log,
//! for `benches/whole-process.sh` to time `charte verify --offline`: the
//! receipts spread over TREES checkpoints (one each by default, the worst
//! case: every receipt's checkpoint signature is checked).
//!
//! `cargo run --release --example log_receipts -- DIR [RECEIPTS] [TREES]`

#[path = "../tests/cli/log_fixture.rs"]
mod log_fixture;

use log_fixture::{write_receipt, Log};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR [RECEIPTS] [TREES]"));
    let receipts: usize = args.next().map_or(1000, |n| n.parse().expect("a number"));
    let trees: usize = args
        .next()
        .map_or(receipts, |n| n.parse().expect("a number"));
    let log = Log::new(receipts);
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = format!(
        "schema = 1\n\n[organization]\nname = \"Exemple Santé SAS\"\nsiren = \"732829320\"\ncontact = \"conformite@exemple.fr\"\n\n\
         [registry]\nurl = \"https://registre.example.org\"\nlog-key = \"{}\"\n\n[referentials]\nuse = [\"ins\"]\n",
        log.signer.verifier()
    );
    std::fs::write(dir.join("charte.toml"), manifest).unwrap();
    // Tree t holds the receipts up to its size; receipt i is in the first
    // tree that holds it.
    let sizes: Vec<usize> = (1..=trees).map(|t| receipts * t / trees).collect();
    let mut next = 0;
    for size in sizes {
        let tree = log.tree(size);
        while next < size {
            write_receipt(
                &dir,
                &format!("produit-{next}"),
                &tree.receipt("https://registre.example.org", next),
            );
            next += 1;
        }
    }
}
