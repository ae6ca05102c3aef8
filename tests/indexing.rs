//! End-to-end tests of keeping an index current and safe (issue 4):
//! incremental runs and scoped updates, the manifest's versions, the user
//! dictionary, bad input, escape sequences in documents, interruptions
//! (SIGINT and `kill -9`) and concurrent searches and indexers.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::sync::mpsc;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dafu");

/// Size of the generated corpus for the interruption and concurrency tests.
/// A commit takes about 0.2 s in a debug build, so this is far smaller than
/// a real crawl: 80 files of about 3 KB, committed every 24 KB, make runs of
/// ten batches that last a few seconds.
const FILES: usize = 80;
const COMMIT_EVERY: &str = "24K";
/// A word in the title of every generated file.
const EVERYWHERE: &str = "答复";
/// A marker appended to the generated files to change them all.
const REVISED: &str = "\"修订标记第二版\"";
/// Pause between polls of a running indexer.
const POLL: Duration = Duration::from_millis(50);
/// Give up on a poll after this long (a hung dafu, not a slow one).
const PATIENCE: Duration = Duration::from_secs(180);

// ---------------------------------------------------------------- helpers

/// What `--explain` says about `query` (stderr).
fn explain(dir: &Path, query: &str) -> String {
    let (code, _, err) = search(dir, &["--explain", "-c", query]);
    assert!(code == 0 || code == 1, "{err}");
    err
}

fn make_writable(path: &Path) {
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
}

/// A copy of the bundled corpus whose files the test may change (the
/// originals are read-only, and so are their copies).
fn writable_corpus() -> tempfile::TempDir {
    let dir = corpus_copy();
    for entry in fs::read_dir(dir.path()).unwrap() {
        make_writable(&entry.unwrap().path());
    }
    dir
}

fn append(path: &Path, text: &str) {
    let mut old = fs::read(path).unwrap();
    old.extend_from_slice(text.as_bytes());
    fs::write(path, old).unwrap();
}

fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let path = dir.join(".dafu/manifest.json");
    let mut manifest: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut manifest);
    fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}

/// Write `n` replies of about 3 KB each, recombined from the lines of the
/// bundled corpus; each has EVERYWHERE in its title.
fn generate(dir: &Path, n: usize) {
    let mut lines = Vec::new();
    for entry in fs::read_dir(repo().join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = fs::read_to_string(path).unwrap();
            lines.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
    }
    assert!(!lines.is_empty());
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for i in 0..n {
        let mut text = format!("关于第{i}号提案的答复\n");
        while text.len() < 3000 {
            text.push_str(&lines[rng.below(lines.len())]);
            text.push('\n');
        }
        fs::write(dir.join(format!("r{i:03}.txt")), text).unwrap();
    }
}

/// Append the REVISED marker to every `step`th generated file.
fn revise(dir: &Path, step: usize) {
    for i in (0..FILES).step_by(step) {
        append(
            &dir.join(format!("r{i:03}.txt")),
            &format!("\n{}\n", REVISED.trim_matches('"')),
        );
    }
}

/// `dafu index FLAGS DIR` as a child process, stdout discarded.
fn spawn_index(dir: &Path, flags: &[&str], stderr: Stdio) -> Child {
    StdCommand::new(BIN)
        .arg("index")
        .args(flags)
        .arg(dir)
        .env_remove("DAFU_INDEX")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Wait for a child to exit, failing instead of hanging if it does not.
fn wait_within(child: &mut Child, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > PATIENCE {
            child.kill().unwrap();
            panic!("{what}: still running after {PATIENCE:?}");
        }
        sleep(POLL);
    }
    let mut out = Output {
        status: child.wait().unwrap(),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_end(&mut out.stderr).unwrap();
    }
    out
}

/// The lines a child writes on stderr, as they come.
fn stderr_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    receive
}

fn send_sigint(child: &Child) {
    let status = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -INT failed");
}

/// Every file and folder name under `dir`, recursively.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .collect()
}

/// Poll a running indexer until `reached` says yes (Ok(seen value)) or it
/// exits (Err(status)).
fn poll_child(
    child: &mut Child,
    mut reached: impl FnMut() -> Option<usize>,
) -> Result<usize, std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Err(status);
        }
        if let Some(seen) = reached() {
            return Ok(seen);
        }
        assert!(start.elapsed() < PATIENCE, "dafu index seems hung");
        sleep(POLL);
    }
}

// ---------------------------------------------------------------- incremental

#[test]
fn rerun_indexes_only_new_and_changed_files() {
    let dir = writable_corpus();
    let root = dir.path();
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (5, 0, 0, 0), "{err}");

    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (0, 5, 0, 0), "nothing changed: {err}");

    // A new mtime over the same bytes is not a change.
    let first = root.join("000_24d05db7a1763a13.txt");
    touch(&first);
    let (_, err) = index_run(&[root], &[]);
    assert_eq!(summary(&err), (0, 5, 0, 0), "touched only: {err}");

    // One changed file and one new one are indexed; the rest is not.
    append(&first, "\n附：关于低空经济试点的补充说明。\n");
    fs::write(root.join("new.txt"), "关于银发经济的答复\n内容。\n").unwrap();
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (2, 4, 0, 0), "{err}");
    assert_eq!(listed(root, "\"低空经济\""), ["000_24d05db7a1763a13.txt"]);
    assert_eq!(listed(root, "\"银发经济\""), ["new.txt"]);

    // --full re-indexes everything, and leaves one document per file.
    let (code, err) = index_run(&[root], &["--full"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (6, 0, 0, 0), "{err}");
    assert_eq!(check_index(root, "\"的\""), 6);

    // A deleted file is removed.
    fs::remove_file(root.join("new.txt")).unwrap();
    let (_, err) = index_run(&[root], &[]);
    assert_eq!(summary(&err), (0, 5, 1, 0), "{err}");
    assert_eq!(count(root, "\"银发经济\""), 0);
}

#[test]
fn indexing_a_subfolder_or_some_files_touches_nothing_outside_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::create_dir_all(root.join("other")).unwrap();
    let files = [
        ("top.txt", "关于冷链物流的答复\n"),
        ("gone.txt", "关于智慧养老的答复\n"),
        ("sub/a.txt", "关于河道治理的答复\n"),
        ("sub/b.txt", "关于乡村振兴的答复\n"),
        ("other/c.txt", "关于低空经济的答复\n"),
    ];
    for (name, text) in files {
        fs::write(root.join(name), text).unwrap();
    }
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (5, 0, 0, 0), "{err}");

    // Changes inside and outside sub/.
    fs::remove_file(root.join("gone.txt")).unwrap();
    fs::remove_file(root.join("sub/b.txt")).unwrap();
    fs::write(root.join("sub/new.txt"), "关于银发经济的答复\n").unwrap();
    fs::write(root.join("other/c.txt"), "关于数字乡村的答复\n").unwrap();
    fs::write(root.join("late.txt"), "关于海绵城市的答复\n").unwrap();

    let (code, err) = index_run(&[&root.join("sub")], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (1, 1, 1, 0), "only sub/ is updated: {err}");
    assert!(
        !root.join("sub/.dafu").exists(),
        "sub/ got an index of its own"
    );
    assert_eq!(listed(root, "\"银发经济\""), ["sub/new.txt"]);
    assert_eq!(count(root, "\"乡村振兴\""), 0, "sub/b.txt was deleted");
    // Outside sub/: the deleted file is still indexed, the changed and the
    // new ones are not yet.
    assert_eq!(listed(root, "\"智慧养老\""), ["gone.txt"]);
    assert_eq!(listed(root, "\"低空经济\""), ["other/c.txt"]);
    assert_eq!(count(root, "\"数字乡村\""), 0);
    assert_eq!(count(root, "\"海绵城市\""), 0);

    // A list of files updates just those.
    let (code, err) = index_run(&[&root.join("other/c.txt"), &root.join("top.txt")], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (1, 1, 0, 0), "{err}");
    assert_eq!(listed(root, "\"数字乡村\""), ["other/c.txt"]);
    assert_eq!(count(root, "\"低空经济\""), 0);
    assert_eq!(listed(root, "\"智慧养老\""), ["gone.txt"]);
    assert_eq!(count(root, "\"海绵城市\""), 0);

    // The whole folder catches up with everything.
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (1, 4, 1, 0), "{err}");
    assert_eq!(count(root, "\"智慧养老\""), 0);
    assert_eq!(listed(root, "\"海绵城市\""), ["late.txt"]);
    assert_eq!(check_index(root, EVERYWHERE), 5);
}

// ---------------------------------------------------------------- manifest

#[test]
fn an_index_built_with_other_analysis_is_refused_until_rebuilt() {
    let dir = corpus_copy();
    let root = dir.path();
    index(root);
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(root.join(".dafu/manifest.json")).unwrap())
            .unwrap();
    let analysis = manifest["analysis_version"]
        .as_u64()
        .expect("analysis_version");
    assert!(manifest["schema_version"].as_u64().is_some(), "{manifest}");
    assert!(manifest["jieba_rs"].as_str().is_some(), "{manifest}");

    for (key, value) in [
        ("analysis_version", Value::from(analysis + 1000)),
        ("jieba_rs", Value::from("0.0.1")),
    ] {
        let original = manifest[key].clone();
        edit_manifest(root, |m| m[key] = value.clone());
        let (code, out, err) = search(root, &["揭榜挂帅"]);
        assert_eq!(code, 2, "{key} changed: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("dafu index --rebuild"), "{key}: {err}");
        // Updating it would mix analyses: refused the same way.
        let (code, err) = index_run(&[root], &[]);
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains("--rebuild"), "{key}: {err}");

        let (code, err) = index_run(&[root], &["--rebuild"]);
        assert_eq!(code, 0, "{key}: {err}");
        assert_eq!(summary(&err), (5, 0, 0, 0), "{err}");
        let rebuilt: Value =
            serde_json::from_str(&fs::read_to_string(root.join(".dafu/manifest.json")).unwrap())
                .unwrap();
        assert_eq!(rebuilt[key], original, "{rebuilt}");
        assert_eq!(search(root, &["-l", "揭榜挂帅"]).1.lines().count(), 2);
    }
}

// ---------------------------------------------------------------- --dict

const SHUANGZHAO: &str =
    "关于推进双招双引工作的答复\n各位委员：我市持续推进双招双引，双招双引成效明显。\n";

fn dict_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_user_dictionary_keeps_its_words_whole_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), SHUANGZHAO).unwrap();
    fs::write(
        root.join("b.txt"),
        "关于科技成果转化的答复\n内容与招商无关。\n",
    )
    .unwrap();
    let dicts = tempfile::tempdir().unwrap();
    // A word without a frequency must still win over jieba's own cut.
    let dict = dict_file(dicts.path(), "dict.txt", "双招双引\n");
    let other = dict_file(dicts.path(), "other.txt", "揭榜挂帅 n\n");

    index(root);
    let err = explain(root, "双招双引");
    assert!(err.contains("pieces ["), "{err}");
    assert!(
        !err.contains("pieces [双招双引]"),
        "split without a dictionary: {err}"
    );

    // The index was built without it: adding one needs a rebuild.
    let (code, err) = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--rebuild"), "{err}");
    assert!(!explain(root, "双招双引").contains("pieces [双招双引]"));

    let (code, err) = index_run(&[root], &["--rebuild", "--dict", dict.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let err = explain(root, "双招双引");
    assert!(err.contains("pieces [双招双引]"), "{err}");
    assert_eq!(listed(root, "双招双引"), ["a.txt"]);

    // The same dictionary again is fine.
    let (code, err) = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    // A plain re-run keeps the remembered dictionary, and indexes new files
    // with it: a copy of a.txt scores exactly as a.txt does.
    let fingerprint = || {
        let text = fs::read_to_string(root.join(".dafu/manifest.json")).unwrap();
        serde_json::from_str::<Value>(&text).unwrap()["user_dict"].clone()
    };
    let remembered = fingerprint();
    assert!(!remembered.is_null(), "no dictionary in the manifest");
    fs::write(root.join("c.txt"), SHUANGZHAO).unwrap();
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (1, 2, 0, 0), "{err}");
    assert_eq!(fingerprint(), remembered);
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));
    let (code, out, _) = search(root, &["--json", "双招双引"]);
    assert_eq!(code, 0);
    let hits: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut relpaths: Vec<&str> = hits
        .iter()
        .map(|h| h["relpath"].as_str().unwrap())
        .collect();
    relpaths.sort();
    assert_eq!(relpaths, ["a.txt", "c.txt"]);
    assert_eq!(
        hits[0]["score"], hits[1]["score"],
        "c.txt was not indexed with the remembered dictionary:\n{out}"
    );

    // Another dictionary is refused until --rebuild, and changes nothing.
    let (code, err) = index_run(&[root], &["--dict", other.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--rebuild"), "{err}");
    assert_eq!(fingerprint(), remembered);
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));

    let (code, err) = index_run(&[root], &["--rebuild", "--dict", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(fingerprint(), remembered);
    let err = explain(root, "双招双引");
    assert!(
        !err.contains("pieces [双招双引]"),
        "old dictionary still applied: {err}"
    );
    assert_eq!(listed(root, "双招双引"), ["a.txt", "c.txt"]);
}

#[test]
fn rebuilding_after_an_upgrade_keeps_the_remembered_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), SHUANGZHAO).unwrap();
    let dicts = tempfile::tempdir().unwrap();
    let dict = dict_file(dicts.path(), "dict.txt", "双招双引\n");
    let (code, err) = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));

    // As after an upgrade that changes the analysis.
    edit_manifest(root, |m| {
        m["analysis_version"] = Value::from(m["analysis_version"].as_u64().unwrap() + 1000);
    });
    assert_eq!(search(root, &["双招双引"]).0, 2);
    // The message says `dafu index --rebuild`, without --dict: the
    // dictionary the index remembers must survive that.
    let (code, err) = index_run(&[root], &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(root.join(".dafu/manifest.json")).unwrap())
            .unwrap();
    assert!(
        !manifest["user_dict"].is_null(),
        "`dafu index --rebuild` dropped the user dictionary: {manifest}"
    );
    let err = explain(root, "双招双引");
    assert!(err.contains("pieces [双招双引]"), "{err}");
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_is_skipped_with_a_reason_and_never_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("good.txt"), "关于冷链物流的答复\n正文。\n").unwrap();
    fs::write(root.join("good2.txt"), "关于智慧养老的答复\n正文。\n").unwrap();
    fs::write(root.join("binary.txt"), b"\xE5\x85\xB3\x00\x01\x02abc").unwrap();
    fs::write(root.join("undecodable.txt"), b"\xFF\xFF\xFF\x80\x80").unwrap();
    fs::write(root.join("empty.txt"), b"").unwrap();
    fs::write(root.join("big.txt"), "关于河道治理的答复\n".repeat(200)).unwrap();
    fs::write(root.join("unreadable.txt"), "关于乡村振兴的答复\n").unwrap();
    fs::set_permissions(
        root.join("unreadable.txt"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    symlink("nowhere.txt", root.join("broken.txt")).unwrap();
    symlink(".", root.join("loop")).unwrap();
    symlink("cycle2.txt", root.join("cycle1.txt")).unwrap();
    symlink("cycle1.txt", root.join("cycle2.txt")).unwrap();
    let bad_name = OsStr::from_bytes(b"bad-\xFF\xFE.txt");
    fs::write(root.join(bad_name), "关于低空经济的答复\n").unwrap();
    // Root (as in CI containers) reads a chmod 000 file anyway.
    let privileged = fs::read(root.join("unreadable.txt")).is_ok();

    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("skipped.jsonl");
    let (code, err) = index_run(
        &[root],
        &[
            "--max-file-size",
            "2K",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "skips are normal: {err}");
    let skipped: Vec<(&str, &str)> = err
        .lines()
        .filter_map(|l| l.strip_prefix("dafu: skipped "))
        .map(|l| l.split_once(": ").unwrap_or((l, "")))
        .collect();
    let reason = |path: &str| -> &str {
        skipped
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{path} not skipped:\n{err}"))
    };
    assert!(reason("binary.txt").contains("binary"), "{err}");
    assert!(reason("undecodable.txt").contains("not text"), "{err}");
    assert!(reason("empty.txt").contains("empty"), "{err}");
    assert!(reason("big.txt").contains("--max-file-size"), "{err}");
    assert!(reason("broken.txt").contains("broken symlink"), "{err}");
    assert!(reason("loop").contains("symlink loop"), "{err}");
    assert!(!reason("cycle1.txt").is_empty(), "{err}");
    assert!(!reason("cycle2.txt").is_empty(), "{err}");
    let lossy = Path::new(bad_name).to_string_lossy().into_owned();
    assert!(reason(&lossy).contains("not valid UTF-8"), "{err}");
    if privileged {
        // Running as root: the file is readable, so it is indexed; the
        // "unreadable" skip cannot be observed here.
        assert_eq!(listed(root, "\"乡村振兴\""), ["unreadable.txt"]);
    } else {
        assert!(reason("unreadable.txt").contains("ermission"), "{err}");
    }
    let expected_skips = if privileged { 9 } else { 10 };
    assert_eq!(skipped.len(), expected_skips, "{err}");
    assert_eq!(
        summary(&err),
        (12 - expected_skips, 0, 0, expected_skips),
        "{err}"
    );
    assert_eq!(listed(root, "\"冷链物流\""), ["good.txt"]);
    assert_eq!(listed(root, "\"智慧养老\""), ["good2.txt"]);
    assert_eq!(count(root, "\"低空经济\""), 0);

    // --report: one JSON object per skip, the same paths and reasons.
    let text = fs::read_to_string(&report).unwrap();
    let mut from_report: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_string(),
                v["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut from_stderr: Vec<(String, String)> = skipped
        .iter()
        .map(|(p, r)| (p.to_string(), r.to_string()))
        .collect();
    from_report.sort();
    from_stderr.sort();
    assert_eq!(from_report, from_stderr);

    // --strict: the same run is an error, after indexing the rest.
    fs::write(root.join("good3.txt"), "关于海绵城市的答复\n").unwrap();
    let (code, err) = index_run(&[root], &["--max-file-size", "2K", "--strict"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--strict"), "{err}");
    assert_eq!(listed(root, "\"海绵城市\""), ["good3.txt"]);
    // Without the bad files, --strict succeeds.
    let clean = tempfile::tempdir().unwrap();
    fs::write(clean.path().join("good.txt"), "关于冷链物流的答复\n").unwrap();
    let (code, err) = index_run(&[clean.path()], &["--strict"]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------- escapes

/// Check `out` holds no control character but newlines, once dafu's own
/// colour sequences (`ESC [ digits/; m`) are taken out when `sgr_allowed`.
fn assert_no_raw_controls(out: &[u8], sgr_allowed: bool) {
    let mut clean = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if out[i] == 0x1b && sgr_allowed {
            let mut j = i + 1;
            assert_eq!(out.get(j), Some(&b'['), "raw escape at byte {i}");
            j += 1;
            while out.get(j).is_some_and(|b| b.is_ascii_digit() || *b == b';') {
                j += 1;
            }
            assert_eq!(out.get(j), Some(&b'm'), "raw escape at byte {i}");
            i = j + 1;
        } else {
            clean.push(out[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(clean).expect("output is UTF-8");
    for (n, c) in text.chars().enumerate() {
        assert!(
            c == '\n' || !c.is_control(),
            "raw control character {c:?} at char {n} of:\n{}",
            text.escape_debug()
        );
    }
}

#[test]
fn escape_sequences_in_documents_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let nasty = "关于网络安全\x1b]0;pwned\x07的答复\n\
                 正文\x1b[2J\x1b[H清屏，网络安全\x1b]8;;http://evil.example\x07链接\x1b]8;;\x1b\\。\n\
                 八位控制\u{9b}31m网络安全\u{9b}0m，退格\x08\x08，回车\r覆盖网络安全。\n";
    fs::write(root.join("nasty.txt"), nasty).unwrap();
    fs::write(
        root.join(OsStr::from_bytes(b"name\x1b]0;pwned\x07.txt")),
        nasty,
    )
    .unwrap();
    index(root);

    for (color, sgr_allowed) in [("never", false), ("always", true)] {
        let out = dafu()
            .args(["search", "--color", color, "网络安全"])
            .arg(root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        // Both documents are shown, titles, passages and paths included.
        assert!(
            text.contains("pwned") && text.contains("网络安全"),
            "{text}"
        );
        assert!(
            text.contains("nasty.txt") && text.contains("name"),
            "{text}"
        );
        if !sgr_allowed {
            assert!(!out.stdout.contains(&0x1b), "{}", text.escape_debug());
        } else {
            assert!(out.stdout.contains(&0x1b), "--color always without colour");
        }
        assert_no_raw_controls(&out.stdout, sgr_allowed);
    }
    // JSON keeps the text as data, escaped.
    let out = dafu()
        .args(["search", "--json", "网络安全"])
        .arg(root)
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

// ---------------------------------------------------------------- interruptions

#[test]
fn ctrl_c_commits_what_is_done_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let manifest = root.join(".dafu/manifest.json");

    // Interrupt the first build once its first batch is searchable.
    let mut child = spawn_index(root, &["--commit-every", COMMIT_EVERY], Stdio::piped());
    let seen = poll_child(&mut child, || {
        let n = if manifest.is_file() {
            count(root, EVERYWHERE)
        } else {
            0
        };
        (n > 0).then_some(n)
    })
    .expect("the run ended before its first batch was searchable");
    send_sigint(&child);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let (indexed, unchanged, removed, skipped) = summary(&err);
    assert!(indexed >= seen && indexed < FILES, "{err}");
    assert_eq!((unchanged, removed, skipped), (0, 0, 0), "{err}");
    // Everything it indexed was committed, once.
    assert_eq!(check_index(root, EVERYWHERE), indexed);

    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (FILES - indexed, indexed, 0, 0), "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);

    // An interrupted update removes nothing it did not get to.
    revise(root, 1);
    let mut child = spawn_index(root, &["--commit-every", COMMIT_EVERY], Stdio::piped());
    let seen = poll_child(&mut child, || {
        let n = count(root, REVISED);
        (n > 0).then_some(n)
    })
    .expect("the update ended before its first batch was searchable");
    send_sigint(&child);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let (indexed, _, removed, _) = summary(&err);
    assert!(indexed >= seen && indexed < FILES, "{err}");
    assert_eq!(removed, 0, "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(count(root, REVISED), indexed);
}

#[test]
fn kill_9_at_any_point_leaves_an_index_that_opens_and_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let manifest = root.join(".dafu/manifest.json");

    // The first build, killed three times: as soon as the index exists,
    // then once a quarter and once over half of the files are searchable,
    // each a little later after that point so the kills land in different
    // phases of a batch. Each run picks up what the previous ones committed.
    let mut kept = 0;
    for (i, target) in [0, FILES / 4, FILES * 11 / 20].into_iter().enumerate() {
        let mut child = spawn_index(root, &["--commit-every", COMMIT_EVERY], Stdio::null());
        let reached = poll_child(&mut child, || {
            if !manifest.is_file() {
                return None;
            }
            let n = count(root, EVERYWHERE);
            (n >= target).then_some(n)
        });
        let seen = match reached {
            Ok(seen) => {
                sleep(Duration::from_millis(13 * i as u64));
                child.kill().unwrap();
                child.wait().unwrap();
                seen
            }
            // It finished before the kill point: a complete run.
            Err(status) => {
                assert!(status.success(), "run {i} failed: {status}");
                FILES
            }
        };
        let now = check_index(root, EVERYWHERE);
        assert!(
            now >= seen && now >= kept,
            "kill {}: {now} files searchable, but {} were before the kill",
            i + 1,
            seen.max(kept)
        );
        kept = now;
    }
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (FILES - kept, kept, 0, 0), "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);

    // Every other file changes; two more kills in the middle of the update.
    // Each file is replaced within one commit, so all stay searchable, once.
    let changed = FILES / 2;
    revise(root, 2);
    let mut revised = 0;
    for (i, target) in [1, changed / 2].into_iter().enumerate() {
        let mut child = spawn_index(root, &["--commit-every", COMMIT_EVERY], Stdio::null());
        let reached = poll_child(&mut child, || {
            let n = count(root, REVISED);
            (n >= target).then_some(n)
        });
        let seen = match reached {
            Ok(seen) => {
                sleep(Duration::from_millis(7 + 17 * i as u64));
                child.kill().unwrap();
                child.wait().unwrap();
                seen
            }
            Err(status) => {
                assert!(status.success(), "update {i} failed: {status}");
                changed
            }
        };
        assert_eq!(check_index(root, EVERYWHERE), FILES, "after kill {}", i + 4);
        let now = count(root, REVISED);
        assert!(
            now >= seen.max(revised),
            "kill {}: {now} revised files searchable, but {} were before the kill",
            i + 4,
            seen.max(revised)
        );
        revised = now;
    }
    let (code, err) = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        summary(&err),
        (changed - revised, FILES - changed + revised, 0, 0),
        "{err}"
    );
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(count(root, REVISED), changed);
}

// ---------------------------------------------------------------- concurrency

#[test]
fn a_second_indexer_fails_fast_with_75_or_waits_with_wait() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    fs::write(root.join("new.txt"), "关于银发经济的答复\n").unwrap();

    // Hold the write lock as another dafu would.
    let lock = fs::File::options()
        .read(true)
        .write(true)
        .open(root.join(".dafu/lock"))
        .unwrap();
    lock.lock().unwrap();

    // It returns while the lock is still held: it did not wait.
    let mut child = spawn_index(root, &[], Stdio::piped());
    let out = wait_within(&mut child, "a second `dafu index` while the lock is held");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "{err}");
    assert!(err.contains("index is busy"), "{err}");
    // Searching needs no lock.
    assert_eq!(search(root, &["-c", "揭榜挂帅"]).1, "2\n");
    assert_eq!(count(root, "\"银发经济\""), 0);

    let mut child = spawn_index(root, &["--wait"], Stdio::piped());
    let lines = stderr_lines(&mut child);
    let first = lines
        .recv_timeout(PATIENCE)
        .expect("`dafu index --wait` said nothing");
    assert!(first.contains("waiting"), "{first}");
    sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "--wait went ahead while the lock was held"
    );
    assert_eq!(count(root, "\"银发经济\""), 0);

    drop(lock);
    let status = wait_within(&mut child, "`dafu index --wait` once the lock is free").status;
    let rest: Vec<String> = lines.iter().collect();
    let rest = rest.join("\n");
    assert!(status.success(), "{rest}");
    assert_eq!(summary(&rest), (1, 5, 0, 0), "{rest}");
    assert_eq!(listed(root, "\"银发经济\""), ["new.txt"]);
}

#[test]
fn searches_keep_working_while_the_index_is_updated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    // A first build in batches runs to the end.
    let (code, err) = index_run(&[root], &["--commit-every", COMMIT_EVERY]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (FILES, 0, 0, 0), "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    let before = tree(&root.join(".dafu"));

    // A few larger batches are enough to have searches run between commits.
    let mut child = spawn_index(root, &["--full", "--commit-every", "64K"], Stdio::piped());
    let mut during = 0;
    let mut busy_checked = false;
    let start = Instant::now();
    loop {
        let running_before = child.try_wait().unwrap().is_none();
        // Each commit replaces files in place: every search sees all of
        // them, once.
        let (code, out, err) = search(root, &["-c", EVERYWHERE]);
        assert_eq!(code, 0, "search during an update: {err}");
        assert_eq!(out.trim(), FILES.to_string(), "{err}");
        let running_after = child.try_wait().unwrap().is_none();
        if !running_after {
            break;
        }
        if running_before {
            during += 1;
        }
        // Once the update has written to .dafu it holds the lock (taken
        // before anything is written): a second indexer must be refused.
        if !busy_checked && tree(&root.join(".dafu")) != before {
            let (code, err) = index_run(&[root], &[]);
            if child.try_wait().unwrap().is_none() {
                assert_eq!(code, 75, "{err}");
                assert!(err.contains("index is busy"), "{err}");
                busy_checked = true;
            }
        }
        assert!(start.elapsed() < PATIENCE, "dafu index seems hung");
        sleep(POLL);
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(summary(&err), (FILES, 0, 0, 0), "{err}");
    assert!(during > 0, "no search ran while the update did");
    assert!(busy_checked, "the update ended before the busy check");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
}
