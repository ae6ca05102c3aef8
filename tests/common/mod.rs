//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy `src`'s files (recursively) into `dst`.
pub fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let to = dst.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// A temporary copy of the bundled `corpus/`.
pub fn corpus_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("corpus"), dir.path());
    dir
}

/// A temporary copy of one folder of `tests/fixtures/`.
pub fn fixture_copy(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// `dafu` with a clean environment for reproducible output.
pub fn dafu() -> Command {
    let mut cmd = Command::cargo_bin("dafu").unwrap();
    cmd.env_remove("DAFU_INDEX")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100");
    cmd
}

/// Index `dir` quietly, asserting success.
pub fn index(dir: &Path) {
    dafu().arg("index").arg("-q").arg(dir).assert().success();
}

/// Run a search and return (exit code, stdout, stderr).
pub fn search(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = dafu().arg("search").args(args).arg(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Files (relative paths, sorted) whose normalized text contains `needle`:
/// the reference a literal query must agree with.
pub fn scan(dir: &Path, needle: &str) -> Vec<String> {
    let needle = dafu::analysis::normalize(needle);
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !entry.file_type().is_file() || rel.starts_with(".dafu") || !rel.ends_with(".txt") {
            continue;
        }
        let bytes = fs::read(entry.path()).unwrap();
        if let Ok(d) = dafu::corpus::decode(&bytes)
            && dafu::analysis::normalize(&d.text).contains(&needle)
        {
            out.push(rel);
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------- indexing

/// `dafu index FLAGS PATHS…`: (exit code, stderr).
pub fn index_run(paths: &[&Path], flags: &[&str]) -> (i32, String) {
    let out = dafu()
        .arg("index")
        .args(flags)
        .args(paths)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The numbers of the summary line: (indexed, unchanged, removed, skipped).
pub fn summary(stderr: &str) -> (usize, usize, usize, usize) {
    let n = summary_counts(stderr);
    (n[0], n[1], n[2], n[3])
}

/// How many files the summary line says were moved.
pub fn moved(stderr: &str) -> usize {
    summary_counts(stderr)[4]
}

/// Every number of the summary line, in order: indexed, unchanged,
/// removed, skipped, moved.
pub fn summary_counts(stderr: &str) -> Vec<usize> {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("dafu: ") && l.contains(" indexed, "))
        .unwrap_or_else(|| panic!("no summary line on stderr:\n{stderr}"));
    let counts = line["dafu: ".len()..].split(';').next().unwrap();
    let n: Vec<usize> = counts
        .split(", ")
        .map(|part| {
            part.split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("bad summary line: {line}"))
        })
        .collect();
    assert_eq!(n.len(), 5, "bad summary line: {line}");
    n
}

/// `dafu search -c QUERY DIR`, which must open the index (exit 0 or 1).
pub fn count(dir: &Path, query: &str) -> usize {
    let (code, out, err) = search(dir, &["-c", query]);
    assert!(
        code == 0 || code == 1,
        "search -c {query} exited {code}: {err}"
    );
    out.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {out:?} ({err})"))
}

/// Check the index opens and is consistent for `query`: `-l` lists each
/// path once, only files that exist, as many as `-c` counts. The count.
pub fn check_index(dir: &Path, query: &str) -> usize {
    let n = count(dir, query);
    let (code, out, err) = search(dir, &["-l", query]);
    assert!(
        code == 0 || code == 1,
        "search -l {query} exited {code}: {err}"
    );
    let paths: Vec<&str> = out.lines().collect();
    let unique: BTreeSet<&str> = paths.iter().copied().collect();
    assert_eq!(unique.len(), paths.len(), "a path is listed twice:\n{out}");
    assert_eq!(paths.len(), n, "-l and -c disagree:\n{out}");
    for p in &paths {
        assert!(Path::new(p).is_file(), "{p} is listed but not on disk");
    }
    n
}

/// The paths `-l` lists, relative to `dir`.
pub fn listed(dir: &Path, query: &str) -> Vec<String> {
    let (code, out, err) = search(dir, &["-l", query]);
    assert!(code == 0 || code == 1, "search -l exited {code}: {err}");
    let prefix = format!("{}/", dir.display());
    out.lines()
        .map(|l| l.strip_prefix(&prefix).unwrap_or(l).to_string())
        .collect()
}

/// Change a file's mtime, not its content.
pub fn touch(path: &Path) {
    let later = fs::metadata(path).unwrap().modified().unwrap() + Duration::from_secs(7);
    set_mtime(path, later);
}

/// Set a file's mtime.
pub fn set_mtime(path: &Path, when: std::time::SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
