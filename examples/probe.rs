use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/tmp/scratch/perf/m.toml").unwrap();
    let t = Instant::now();
    let src = charte::diag::Source::new("x", text.clone());
    let m = charte::manifest::parse(&src).unwrap();
    println!("manifest::parse {:?}", t.elapsed());
    let t = Instant::now();
    let mut e = charte::manifest::edit::Editor::parse(&text).unwrap();
    println!("Editor::parse {:?}", t.elapsed());
    let t = Instant::now();
    let mut r = charte::manifest::Record::from(&m.declarations[5]);
    r.status = charte::manifest::Status::Conform;
    let c = e.upsert(&r.key(), &r);
    println!("upsert {:?} {:?}", t.elapsed(), c);
    let t = Instant::now();
    let out = e.render();
    println!("render {:?}", t.elapsed());
    let t = Instant::now();
    let src = charte::diag::Source::new("x", out);
    let _ = charte::manifest::parse(&src).unwrap();
    println!("manifest::parse {:?}", t.elapsed());
    let t = Instant::now();
    let _ = charte::catalogue::resolve_embedded(&m.uses).unwrap();
    println!("resolve {:?}", t.elapsed());
}
