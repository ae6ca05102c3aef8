//! Files on disk: copies of the bundled corpus and of `tests/fixtures/`,
//! the text files of a folder, edits, mtimes, and the index's manifest.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use tempfile::TempDir;

use super::api;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------- copies

/// Copy `src`'s files (recursively, hidden ones aside) into `dst`.
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

/// A copy of the bundled corpus whose files the test may change (the
/// originals may be read-only, and so would their copies be).
pub fn writable_corpus() -> TempDir {
    let dir = corpus_copy();
    for entry in fs::read_dir(dir.path()).unwrap() {
        make_writable(&entry.unwrap().path());
    }
    dir
}

/// An indexed copy of the corpus.
pub fn indexed_corpus() -> TempDir {
    let dir = corpus_copy();
    super::env::index(dir.path());
    dir
}

/// A temporary copy of one folder of `tests/fixtures/`.
pub fn fixture_copy(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// Every non-blank line of the bundled corpus, file by file in name order:
/// the material of generated corpora.
pub fn corpus_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for name in txt_files(&repo().join("corpus")) {
        let text = fs::read_to_string(repo().join("corpus").join(name)).unwrap();
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    assert!(!lines.is_empty(), "the bundled corpus has no text");
    lines
}

// ---------------------------------------------------------------- reading files

/// The `*.txt` files under `dir` (recursively, outside `.dafu`), as sorted
/// paths relative to `dir`.
pub fn txt_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|rel| !rel.starts_with(".dafu") && rel.ends_with(".txt"))
        .collect();
    out.sort();
    out
}

/// Files (relative paths, sorted) whose normalized text contains `needle`:
/// the reference a literal query must agree with.
pub fn scan(dir: &Path, needle: &str) -> Vec<String> {
    let needle = api::normalize(needle);
    txt_files(dir)
        .into_iter()
        .filter(|rel| {
            let bytes = fs::read(dir.join(rel)).unwrap();
            api::decode(&bytes).is_some_and(|text| api::normalize(&text).contains(&needle))
        })
        .collect()
}

// ---------------------------------------------------------------- changing files

pub fn make_writable(path: &Path) {
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
}

/// Append `text` to the file at `path`.
pub fn append(path: &Path, text: &str) {
    let mut old = fs::read(path).unwrap();
    old.extend_from_slice(text.as_bytes());
    fs::write(path, old).unwrap();
}

/// Change a file's mtime, not its content.
pub fn touch(path: &Path) {
    let later = fs::metadata(path).unwrap().modified().unwrap() + Duration::from_secs(7);
    set_mtime(path, later);
}

/// Set a file's mtime.
pub fn set_mtime(path: &Path, when: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

// ---------------------------------------------------------------- the index folder

/// `DIR/.dafu/manifest.json`.
pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join(".dafu/manifest.json")
}

/// The manifest of the index of `dir`.
pub fn manifest(dir: &Path) -> Value {
    let path = manifest_path(dir);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()))
}

/// Change the manifest of the index of `dir`, as another version of dafu
/// would have written it.
pub fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let mut m = manifest(dir);
    edit(&mut m);
    fs::write(
        manifest_path(dir),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();
}

/// `src` mounted read-only at a new folder (a bind mount; tests run as
/// root), or `None` where mounting is not permitted. Unmounted on drop.
pub fn read_only_mount(src: &Path) -> Option<(TempDir, MountGuard)> {
    let mnt = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    };
    let (s, m) = (src.to_str().unwrap(), mnt.path().to_str().unwrap());
    if !ok(&["--bind", s, m]) {
        return None;
    }
    let guard = MountGuard(mnt.path().to_path_buf());
    if !ok(&["-o", "remount,bind,ro", m]) {
        return None;
    }
    Some((mnt, guard))
}

/// Unmounts its folder when dropped.
pub struct MountGuard(PathBuf);

impl Drop for MountGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}
