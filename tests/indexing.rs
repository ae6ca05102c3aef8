//! End-to-end tests of keeping an index current and safe (issue 4):
//! incremental runs and scoped updates, the manifest's versions, the user
//! dictionary, bad input, escape sequences in documents, interruptions
//! (SIGINT and `kill -9`) and concurrent searches and indexers.
//!
//! Interruptions and concurrency act at a known point of a run, not at a
//! guessed time: `Background::index_paused` returns once the run has
//! committed its first batch and waits there (the binary's test hook), so
//! the documents that batch holds are known, and the run holds the write
//! lock until the test interrupts or kills it.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::Duration;

use common::*;
use serde_json::Value;

/// Size of the generated corpus for the interruption and concurrency tests:
/// 80 files of about 3 KB.
const FILES: usize = 80;
/// The batch size of the runs the tests pause, interrupt or kill: a batch
/// is committed once it holds this many bytes of new text, here two of the
/// generated files.
const BATCH: &str = "4K";
const BATCH_BYTES: u64 = 4 << 10;
/// The batch size of runs left to run (or killed at a random point): about
/// eight generated files, for runs of ten batches.
const BIG_BATCH: &str = "24K";
/// A word in the title of every generated file.
const EVERYWHERE: &str = "答复";
/// A marker appended to the generated files to change them all.
const REVISED: &str = "\"修订标记第二版\"";

// ---------------------------------------------------------------- helpers

/// Write `n` replies of about 3 KB each, recombined from the lines of the
/// bundled corpus; each has EVERYWHERE in its title.
fn generate(dir: &Path, n: usize) {
    let lines = corpus_lines();
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    for i in 0..n {
        let mut text = format!("关于第{i}号提案的答复\n");
        while text.len() < 3000 {
            text.push_str(rng.pick(&lines).trim());
            text.push('\n');
        }
        fs::write(dir.join(name(i)), text).unwrap();
    }
}

/// The name of the `i`th generated file.
fn name(i: usize) -> String {
    format!("r{i:03}.txt")
}

/// Append the REVISED marker to every `step`th generated file; their names.
fn revise(dir: &Path, step: usize) -> Vec<String> {
    let names: Vec<String> = (0..FILES).step_by(step).map(name).collect();
    for n in &names {
        append(&dir.join(n), &format!("\n{}\n", REVISED.trim_matches('"')));
    }
    names
}

/// The first batch a run that reads `files` (in this order, the order the
/// indexer walks) commits: files up to the first BATCH_BYTES of text.
fn first_batch(dir: &Path, files: &[String]) -> Vec<String> {
    let mut bytes = 0;
    let mut batch = Vec::new();
    for f in files {
        bytes += fs::metadata(dir.join(f)).unwrap().len();
        batch.push(f.clone());
        if bytes >= BATCH_BYTES {
            return batch;
        }
    }
    panic!("{files:?} hold less than one batch");
}
// ---------------------------------------------------------------- incremental

#[test]
fn rerun_indexes_only_new_and_changed_files() {
    let dir = writable_corpus();
    let root = dir.path();
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (5, 0, 0, 0), "{}", r.stderr);

    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        summary(&r.stderr),
        (0, 5, 0, 0),
        "nothing changed: {}",
        r.stderr
    );

    // A new mtime over the same bytes is not a change.
    let first = root.join("000_24d05db7a1763a13.txt");
    touch(&first);
    let r = index_run(&[root], &[]);
    assert_eq!(
        summary(&r.stderr),
        (0, 5, 0, 0),
        "touched only: {}",
        r.stderr
    );

    // One changed file and one new one are indexed; the rest is not.
    append(&first, "\n附：关于低空经济试点的补充说明。\n");
    fs::write(root.join("new.txt"), "关于银发经济的答复\n内容。\n").unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (2, 4, 0, 0), "{}", r.stderr);
    assert_eq!(listed(root, "\"低空经济\""), ["000_24d05db7a1763a13.txt"]);
    assert_eq!(listed(root, "\"银发经济\""), ["new.txt"]);

    // --full re-indexes everything, and leaves one document per file.
    let r = index_run(&[root], &["--full"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (6, 0, 0, 0), "{}", r.stderr);
    assert_eq!(check_index(root, "\"的\""), 6);

    // A deleted file is removed.
    fs::remove_file(root.join("new.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (0, 5, 1, 0), "{}", r.stderr);
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
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (5, 0, 0, 0), "{}", r.stderr);

    // Changes inside and outside sub/.
    fs::remove_file(root.join("gone.txt")).unwrap();
    fs::remove_file(root.join("sub/b.txt")).unwrap();
    fs::write(root.join("sub/new.txt"), "关于银发经济的答复\n").unwrap();
    fs::write(root.join("other/c.txt"), "关于数字乡村的答复\n").unwrap();
    fs::write(root.join("late.txt"), "关于海绵城市的答复\n").unwrap();

    let r = index_run(&[&root.join("sub")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        summary(&r.stderr),
        (1, 1, 1, 0),
        "only sub/ is updated: {}",
        r.stderr
    );
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
    let r = index_run(&[&root.join("other/c.txt"), &root.join("top.txt")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (1, 1, 0, 0), "{}", r.stderr);
    assert_eq!(listed(root, "\"数字乡村\""), ["other/c.txt"]);
    assert_eq!(count(root, "\"低空经济\""), 0);
    assert_eq!(listed(root, "\"智慧养老\""), ["gone.txt"]);
    assert_eq!(count(root, "\"海绵城市\""), 0);

    // The whole folder catches up with everything.
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (1, 4, 1, 0), "{}", r.stderr);
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
    let manifest = manifest(root);
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
        let r = search(root, &["揭榜挂帅"]);
        assert_eq!(r.code, 2, "{key} changed: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(
            r.stderr.contains("dafu index --rebuild"),
            "{key}: {}",
            r.stderr
        );
        // Updating it would mix analyses: refused the same way.
        let r = index_run(&[root], &[]);
        assert_eq!(r.code, 2, "{key}: {}", r.stderr);
        assert!(r.stderr.contains("--rebuild"), "{key}: {}", r.stderr);

        let r = index_run(&[root], &["--rebuild"]);
        assert_eq!(r.code, 0, "{key}: {}", r.stderr);
        assert_eq!(summary(&r.stderr), (5, 0, 0, 0), "{}", r.stderr);
        let rebuilt = common::manifest(root);
        assert_eq!(rebuilt[key], original, "{rebuilt}");
        assert_eq!(search(root, &["-l", "揭榜挂帅"]).stdout.lines().count(), 2);
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
    let r = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--rebuild"), "{}", r.stderr);
    assert!(!explain(root, "双招双引").contains("pieces [双招双引]"));

    let r = index_run(&[root], &["--rebuild", "--dict", dict.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let err = explain(root, "双招双引");
    assert!(err.contains("pieces [双招双引]"), "{err}");
    assert_eq!(listed(root, "双招双引"), ["a.txt"]);

    // The same dictionary again is fine.
    let r = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // A plain re-run keeps the remembered dictionary, and indexes new files
    // with it: a copy of a.txt scores exactly as a.txt does.
    let fingerprint = || manifest(root)["user_dict"].clone();
    let remembered = fingerprint();
    assert!(!remembered.is_null(), "no dictionary in the manifest");
    fs::write(root.join("c.txt"), SHUANGZHAO).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (1, 2, 0, 0), "{}", r.stderr);
    assert_eq!(fingerprint(), remembered);
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));
    let r = search(root, &["--json", "双招双引"]);
    assert_eq!(r.code, 0);
    let hits: Vec<Value> = r
        .stdout
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
        "c.txt was not indexed with the remembered dictionary:\n{}",
        r.stdout
    );

    // Another dictionary is refused until --rebuild, and changes nothing.
    let r = index_run(&[root], &["--dict", other.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--rebuild"), "{}", r.stderr);
    assert_eq!(fingerprint(), remembered);
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));

    let r = index_run(&[root], &["--rebuild", "--dict", other.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
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
    let r = index_run(&[root], &["--dict", dict.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(explain(root, "双招双引").contains("pieces [双招双引]"));

    // As after an upgrade that changes the analysis.
    edit_manifest(root, |m| {
        m["analysis_version"] = Value::from(m["analysis_version"].as_u64().unwrap() + 1000);
    });
    assert_eq!(search(root, &["双招双引"]).code, 2);
    // The message says `dafu index --rebuild`, without --dict: the
    // dictionary the index remembers must survive that.
    let r = index_run(&[root], &["--rebuild"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let manifest = manifest(root);
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
    let r = index_run(
        &[root],
        &[
            "--max-file-size",
            "2K",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let err = &r.stderr;
    assert_eq!(r.code, 0, "skips are normal: {err}");
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
        summary(err),
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
    let r = index_run(&[root], &["--max-file-size", "2K", "--strict"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--strict"), "{}", r.stderr);
    assert_eq!(listed(root, "\"海绵城市\""), ["good3.txt"]);
    // Without the bad files, --strict succeeds.
    let clean = tempfile::tempdir().unwrap();
    fs::write(clean.path().join("good.txt"), "关于冷链物流的答复\n").unwrap();
    let r = index_run(&[clean.path()], &["--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
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
        let r = search(root, &["--color", color, "网络安全"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = &r.stdout;
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
            assert!(!text.contains('\x1b'), "{}", text.escape_debug());
        } else {
            assert!(text.contains('\x1b'), "--color always without colour");
        }
        assert_no_raw_controls(text.as_bytes(), sgr_allowed);
    }
    // JSON keeps the text as data, escaped.
    let out = search(root, &["--json", "网络安全"]).stdout;
    assert!(!out.contains('\x1b'));
    for line in out.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

// ---------------------------------------------------------------- interruptions

#[test]
fn ctrl_c_commits_what_is_done_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let all = txt_files(root);
    assert_eq!(all.len(), FILES);

    // Interrupt the first build once its first batch is committed: exactly
    // that batch is searchable, before and after the interruption.
    let batch = first_batch(root, &all);
    assert!(batch.len() < FILES);
    let paused = Background::index_paused(root, &["--commit-every", BATCH]);
    assert_eq!(listed(root, EVERYWHERE), batch, "searchable at the pause");
    paused.interrupt();
    let r = paused.finish();
    let err = &r.stderr;
    assert_eq!(r.code, 130, "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(summary(err), (batch.len(), 0, 0, 0), "{err}");
    // Everything it indexed was committed, once.
    assert_eq!(check_index(root, EVERYWHERE), batch.len());
    assert_eq!(listed(root, EVERYWHERE), batch);
    let indexed = batch.len();

    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        summary(&r.stderr),
        (FILES - indexed, indexed, 0, 0),
        "{}",
        r.stderr
    );
    assert_eq!(check_index(root, EVERYWHERE), FILES);

    // An interrupted update removes nothing it did not get to.
    let revised = revise(root, 1);
    let batch = first_batch(root, &revised);
    let paused = Background::index_paused(root, &["--commit-every", BATCH]);
    assert_eq!(listed(root, REVISED), batch, "searchable at the pause");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    paused.interrupt();
    let r = paused.finish();
    let err = &r.stderr;
    assert_eq!(r.code, 130, "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let (indexed, _, removed, _) = summary(err);
    assert_eq!(indexed, batch.len(), "{err}");
    assert_eq!(removed, 0, "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(count(root, REVISED), indexed);
    assert_eq!(listed(root, REVISED), batch);
}

/// Kill `run` at a random point: a few milliseconds after `reached` holds
/// (what it saw then), unless the run ends first on its own (then it must
/// succeed). Where the kill lands depends on the machine's speed; the
/// callers check only what holds wherever it lands.
fn kill_somewhere(
    mut run: Background,
    rng: &mut Rng,
    mut reached: impl FnMut() -> Option<usize>,
    what: &str,
) -> usize {
    let mut seen = 0;
    run.wait_until(
        || match reached() {
            Some(n) => {
                seen = n;
                true
            }
            None => false,
        },
        what,
    );
    if run.is_running() {
        // A few more milliseconds, so that kills land in different phases
        // of a batch (extra coverage, not an assumption).
        sleep(Duration::from_millis(rng.below(40) as u64));
        run.kill();
    } else {
        let r = run.finish();
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
    }
    seen
}

#[test]
fn kill_9_at_any_point_leaves_an_index_that_opens_and_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let all = txt_files(root);
    let mut rng = Rng::new(0x6b69_6c6c_2d39);

    // The first build, killed as soon as the index exists, before or after
    // its first commit (with the hook, it cannot get further): what it
    // committed, if anything, survives, and is the first files in order.
    let run = Background::index_hooked(root, &["--commit-every", BATCH]);
    kill_somewhere(
        run,
        &mut rng,
        || manifest_path(root).is_file().then_some(0),
        "the first build, killed once the index exists",
    );
    let n = check_index(root, EVERYWHERE);
    let mut kept = listed(root, EVERYWHERE);
    assert_eq!(kept, all[..n], "after kill 1 ({rng})");

    // Then three times right after a commit: each run picks up what the
    // previous ones committed, and commits one more batch, which survives
    // the kill.
    for i in 2..=4 {
        let batch = first_batch(root, &all[kept.len()..]);
        let paused = Background::index_paused(root, &["--commit-every", BATCH]);
        kept.extend(batch);
        assert_eq!(listed(root, EVERYWHERE), kept, "before kill {i}");
        paused.kill();
        assert_eq!(check_index(root, EVERYWHERE), kept.len(), "after kill {i}");
        assert_eq!(listed(root, EVERYWHERE), kept, "after kill {i}");
    }
    // Then once at a random point after a random number of files are
    // searchable.
    let target = kept.len() + 1 + rng.below(FILES / 2);
    let what = format!("the first build, killed at {target} files ({rng})");
    let run = Background::index(root, &["--commit-every", BIG_BATCH]);
    let seen = kill_somewhere(
        run,
        &mut rng,
        || {
            let n = count(root, EVERYWHERE);
            (n >= target).then_some(n)
        },
        &what,
    );
    let now = check_index(root, EVERYWHERE);
    assert!(
        now >= seen.max(kept.len()),
        "kill 5: {now} files searchable, but {seen} were before the kill ({rng})"
    );
    let kept = now;
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        summary(&r.stderr),
        (FILES - kept, kept, 0, 0),
        "{}",
        r.stderr
    );
    assert_eq!(check_index(root, EVERYWHERE), FILES);

    // Every other file changes; the update is killed right after its first
    // commit, then twice more at random points. Each file is replaced
    // within one commit, so all stay searchable, once.
    let changed = revise(root, 2);
    let batch = first_batch(root, &changed);
    let paused = Background::index_paused(root, &["--commit-every", BATCH]);
    assert_eq!(listed(root, REVISED), batch, "before kill 6");
    paused.kill();
    assert_eq!(check_index(root, EVERYWHERE), FILES, "after kill 6");
    assert_eq!(listed(root, REVISED), batch, "after kill 6");
    let mut revised = batch.len();
    for i in 7..=8 {
        let target = revised + 1 + rng.below(changed.len() / 4);
        let what = format!("update {i}, killed at {target} revised files ({rng})");
        let run = Background::index(root, &["--commit-every", BIG_BATCH]);
        let seen = kill_somewhere(
            run,
            &mut rng,
            || {
                let n = count(root, REVISED);
                (n >= target).then_some(n)
            },
            &what,
        );
        assert_eq!(check_index(root, EVERYWHERE), FILES, "after kill {i}");
        let now = count(root, REVISED);
        assert!(
            now >= seen.max(revised),
            "kill {i}: {now} revised files searchable, but {} were before the kill ({rng})",
            seen.max(revised)
        );
        revised = now;
    }
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        summary(&r.stderr),
        (
            changed.len() - revised,
            FILES - changed.len() + revised,
            0,
            0
        ),
        "{}",
        r.stderr
    );
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(count(root, REVISED), changed.len());
}

// ---------------------------------------------------------------- concurrency

#[test]
fn a_second_indexer_fails_fast_with_75_or_waits_with_wait() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    fs::write(root.join("new.txt"), "关于银发经济的答复\n").unwrap();

    // Another dafu holds the write lock: a full update, paused after its
    // first commit (the first file; new.txt comes last).
    let holder = Background::index_paused(root, &["--full", "--commit-every", BATCH]);

    // It returns while the lock is still held: it did not wait.
    let second = Background::index(root, &[]).finish();
    let err = &second.stderr;
    assert_eq!(second.code, 75, "{err}");
    assert!(err.contains("index is busy"), "{err}");
    // Searching needs no lock.
    assert_eq!(search(root, &["-c", "揭榜挂帅"]).stdout, "2\n");
    assert_eq!(count(root, "\"银发经济\""), 0);

    let mut waiting = Background::index(root, &["--wait"]);
    let first = waiting.next_line();
    assert!(first.contains("waiting"), "{first}");
    // The lock is held until the holder is interrupted: whatever the
    // machine's speed, --wait cannot have gone ahead.
    assert!(waiting.is_running(), "--wait ended while the lock was held");
    assert_eq!(count(root, "\"银发经济\""), 0);

    holder.interrupt();
    let r = holder.finish();
    assert_eq!(r.code, 130, "{}", r.stderr);
    let r = waiting.finish();
    let rest = &r.stderr;
    assert_eq!(r.code, 0, "{rest}");
    assert_eq!(summary(rest), (1, 5, 0, 0), "{rest}");
    assert_eq!(listed(root, "\"银发经济\""), ["new.txt"]);
}

#[test]
fn searches_keep_working_while_the_index_is_updated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    // A first build in batches runs to the end.
    let r = index_run(&[root], &["--commit-every", BIG_BATCH]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary(&r.stderr), (FILES, 0, 0, 0), "{}", r.stderr);
    assert_eq!(check_index(root, EVERYWHERE), FILES);

    // An update stopped between two commits: every search sees all files,
    // once, and the batch it committed; a second indexer is refused.
    let revised = revise(root, 1);
    let batch = first_batch(root, &revised);
    let paused = Background::index_paused(root, &["--full", "--commit-every", BATCH]);
    let r = search(root, &["-c", EVERYWHERE]);
    assert_eq!(r.code, 0, "search during an update: {}", r.stderr);
    assert_eq!(r.stdout.trim(), FILES.to_string(), "{}", r.stderr);
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(listed(root, REVISED), batch);
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(r.stderr.contains("index is busy"), "{}", r.stderr);
    paused.interrupt();
    let r = paused.finish();
    assert_eq!(r.code, 130, "{}", r.stderr);
    assert_eq!(summary(&r.stderr).0, batch.len(), "{}", r.stderr);

    // A whole update, searched as often as can be meanwhile: every search
    // sees all of them, once (how many searches land during it depends on
    // the machine, and is not checked).
    let mut update = Background::index(root, &["--full", "--commit-every", "64K"]);
    while update.is_running() {
        let r = search(root, &["-c", EVERYWHERE]);
        assert_eq!(r.code, 0, "search during an update: {}", r.stderr);
        assert_eq!(r.stdout.trim(), FILES.to_string(), "{}", r.stderr);
        sleep(POLL);
    }
    let r = update.finish();
    let err = &r.stderr;
    assert_eq!(r.code, 0, "{err}");
    assert_eq!(summary(err), (FILES, 0, 0, 0), "{err}");
    assert_eq!(check_index(root, EVERYWHERE), FILES);
    assert_eq!(count(root, REVISED), FILES);
}
