//! The `toml` crate alone parsing a file, as a whole process: the baseline
//! that `charte check` is measured against in `benches/whole-process.sh`.
//!
//! `cargo run --release --example toml_baseline -- charte.toml`

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: toml_baseline FILE");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let table: toml::Table = toml::from_str(&text).expect("valid TOML");
    std::hint::black_box(table);
}
