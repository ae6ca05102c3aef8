//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

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
