//! For measuring `dafu dups` (benches/dups.sh): reads pairs of files, one
//! tab-separated pair a line on stdin, and prints each pair with the
//! estimated similarity of their signatures (`-` when a file has none).

use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let sig = |path: &str| {
        let bytes = std::fs::read(path).ok()?;
        dafu::reply::signature::signature(&String::from_utf8_lossy(&bytes))
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let Some((a, b)) = line.split_once('\t') else {
            continue;
        };
        match (sig(a), sig(b)) {
            (Some(x), Some(y)) => writeln!(out, "{a}\t{b}\t{:.4}", x.similarity(&y))?,
            _ => writeln!(out, "{a}\t{b}\t-")?,
        }
    }
    Ok(())
}
