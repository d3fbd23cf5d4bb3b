//! Writes a synthetic manifest against the embedded catalogue, for the
//! whole-process benchmarks: each product declares every requirement that
//! applies to it (up to the given number).
//!
//! `cargo run --release --example synth -- PRODUCTS [DECLARATIONS_PER_PRODUCT] > charte.toml`

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .expect("usage: synth PRODUCTS [DECLARATIONS_PER_PRODUCT]")
        })
        .collect();
    let products = args.first().copied().unwrap_or(20);
    let per_product = args.get(1).copied().unwrap_or(usize::MAX);
    let docs = charte::synth::newest_embedded();
    print!("{}", charte::synth::manifest(products, per_product, &docs));
}
