//! Compiles jieba-rs's own dictionary into a compact FST (word → frequency)
//! so a query can look up just the words it contains instead of building
//! the whole dictionary (tens of milliseconds) in every process.
//!
//! The dictionary is the one shipped inside the jieba-rs package that this
//! build links, found through `cargo metadata`, so the two can never drift.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let (dict_path, version) = jieba_dict();
    println!("cargo:rerun-if-changed={}", dict_path.display());
    let text = fs::read_to_string(&dict_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dict_path.display()));

    // Mirror Jieba::load_default_dict: every line adds its frequency to the
    // total; a repeated word keeps its last frequency.
    let mut words: BTreeMap<&str, u64> = BTreeMap::new();
    let mut total: u64 = 0;
    for line in text.lines() {
        let mut parts = line.split_ascii_whitespace();
        let Some(word) = parts.next() else { continue };
        let freq: u64 = parts
            .next()
            .map_or(0, |f| f.parse().expect("bad frequency in jieba dict"));
        total += freq;
        words.insert(word, freq);
    }
    let mut builder = fst::MapBuilder::memory();
    for (word, freq) in &words {
        builder.insert(word, *freq).expect("sorted insert");
    }
    let bytes = builder.into_inner().expect("fst build");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("jieba_dict.fst"), bytes).expect("write fst");
    println!("cargo:rustc-env=DAFU_JIEBA_TOTAL={total}");
    println!("cargo:rustc-env=DAFU_JIEBA_VERSION={version}");
}

/// Path of `src/data/dict.txt` in the jieba-rs package this build uses, and
/// that package's version.
fn jieba_dict() -> (PathBuf, String) {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.toml");
    let target = env::var("TARGET").unwrap_or_default();
    // Only this target's packages: the others are not downloaded, and
    // --offline then works wherever `cargo build` itself could run.
    let metadata = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args(["metadata", "--format-version", "1"]);
        cmd.args(["--filter-platform", &target]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.arg("--manifest-path").arg(&manifest);
        cmd.output().expect("cannot run cargo metadata")
    };
    let mut output = metadata(true);
    if !output.status.success() {
        output = metadata(false);
    }
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let jieba = packages
        .iter()
        .find(|p| p["name"] == "jieba-rs")
        .expect("jieba-rs is a dependency");
    let manifest_path = PathBuf::from(jieba["manifest_path"].as_str().expect("manifest_path"));
    let dict = manifest_path.parent().unwrap().join("src/data/dict.txt");
    (dict, jieba["version"].as_str().unwrap_or("?").to_string())
}
