//! The segmentation baseline for `benches/run.sh`: how long one thread needs
//! to run jieba-rs `cut_for_search(text, true)` over every `*.txt` file of a
//! folder (the same call, on whole files, that dafu's word view makes).
//!
//!     cargo run --release --example jieba_baseline -- DIR
//!
//! Prints one JSON object on stdout, times in seconds:
//!
//!     {"files":9334,"bytes":30017009,"new_s":0.071,"read_s":0.05,"cut_s":9.8,"tokens":1234567}
//!
//! `new_s` is `Jieba::new()` alone, `cut_s` the sum of the `cut_for_search`
//! calls alone (file reading and decoding are in `read_s`, not in `cut_s`).
//! Files are read one at a time, so memory stays small on any corpus. Files
//! that are not UTF-8 are decoded lossily (the benchmark corpus is UTF-8).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jieba_rs::Jieba;
use walkdir::WalkDir;

fn main() {
    let dir = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => {
            eprintln!("usage: jieba_baseline DIR");
            std::process::exit(2);
        }
    };

    let t = Instant::now();
    let jieba = Jieba::new();
    let new_s = t.elapsed();

    // Sorted walk, so runs are repeatable; hidden entries (such as .dafu)
    // are skipped, as `dafu index` does.
    let walk = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));

    let (mut files, mut bytes, mut tokens) = (0u64, 0u64, 0u64);
    let (mut read, mut cut) = (Duration::ZERO, Duration::ZERO);
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprintln!("jieba_baseline: {e}");
                std::process::exit(2);
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let t = Instant::now();
        let raw = match std::fs::read(entry.path()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("jieba_baseline: {}: {e}", entry.path().display());
                std::process::exit(2);
            }
        };
        let body = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
        let text = String::from_utf8_lossy(body);
        read += t.elapsed();

        let t = Instant::now();
        let words = jieba.cut_for_search(&text, true);
        cut += t.elapsed();

        tokens += words.len() as u64;
        files += 1;
        bytes += raw.len() as u64;
    }

    println!(
        "{{\"files\":{files},\"bytes\":{bytes},\"new_s\":{:.6},\"read_s\":{:.6},\"cut_s\":{:.6},\"tokens\":{tokens}}}",
        new_s.as_secs_f64(),
        read.as_secs_f64(),
        cut.as_secs_f64()
    );
}
