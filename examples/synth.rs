//! Writes a synthetic manifest against the embedded catalogue, for the
//! whole-process benchmarks: `cargo run --release --example synth -- 20 200 > charte.toml`.

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .expect("usage: synth PRODUCTS DECLARATIONS_PER_PRODUCT")
        })
        .collect();
    let (products, per_product) = match args[..] {
        [p, d] => (p, d),
        _ => (20, 200),
    };
    print!("{}", charte::synth::manifest(products, per_product));
}
