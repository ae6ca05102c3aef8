//! Answers do not depend on how the index is cut into segments: an index
//! left in many small segments (merging turned off with the test hook
//! `DAFU_TEST_MAX_MERGE_BYTES=0`) answers set queries, counts and stats
//! exactly as the merged one, and both agree with a substring scan. A small
//! corpus still ends as one segment after the bounded merges.

mod common;

use std::path::Path;

use common::*;

/// A corpus of `n` files, each a few lines of the bundled corpus.
fn generated(dir: &Path, n: usize, rng: &mut Rng) {
    let lines = corpus_lines();
    for i in 0..n {
        let text: Vec<&str> = (0..8).map(|_| rng.pick(&lines).as_str()).collect();
        std::fs::write(dir.join(format!("r{i:03}.txt")), text.join("\n")).unwrap();
    }
}

/// Segments of the index of `dir` (one `.store` file each).
fn segments(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir.join(".dafu"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "store"))
        .count()
}

fn index_with(dir: &Path, merge_cap: Option<&str>) {
    let mut cmd = dafu();
    cmd.args(["index", "-q", "--commit-every", "2K"]).arg(dir);
    if let Some(cap) = merge_cap {
        cmd.env("DAFU_TEST_MAX_MERGE_BYTES", cap);
    }
    let r = cmd.run();
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn many_segments_answer_as_one() {
    let mut rng = Rng::new(15);
    let split = tempfile::tempdir().unwrap();
    generated(split.path(), 60, &mut rng);
    let merged = tempfile::tempdir().unwrap();
    copy_tree(split.path(), merged.path());

    index_with(split.path(), Some("0"));
    index_with(merged.path(), None);
    assert!(segments(split.path()) > 5, "{}", segments(split.path()));
    assert_eq!(segments(merged.path()), 1);

    let lines = corpus_lines();
    let mut queries = vec!["答复".to_string(), "的".to_string(), "办理".to_string()];
    for _ in 0..12 {
        let line: Vec<char> = rng.pick(&lines).chars().collect();
        let at = rng.below(line.len().max(1));
        let len = 1 + rng.below(5);
        queries.push(line[at..(at + len).min(line.len())].iter().collect());
    }
    for q in queries.iter().filter(|q| !q.trim().is_empty()) {
        let quoted = format!("\"{}\"", q.replace('"', ""));
        let a = listed(split.path(), &quoted);
        assert_eq!(a, listed(merged.path(), &quoted), "{quoted} (seed {rng})");
        assert_eq!(a, scan(split.path(), &q.replace('"', "")), "{quoted}");
        assert_eq!(count(split.path(), &quoted), a.len());
    }
    for args in [
        &["--by", "year"][..],
        &["--by", "issuer", "--format", "csv"],
    ] {
        let run = |dir: &Path| {
            let r = run(&[&["stats", "--no-update"][..], args, &[path_str(dir)]].concat());
            assert_eq!(r.code, 0, "{}", r.stderr);
            r.stdout.replace(path_str(dir), "DIR")
        };
        assert_eq!(run(split.path()), run(merged.path()), "stats {args:?}");
    }
}

#[test]
fn updates_merge_small_segments_and_keep_answers() {
    let mut rng = Rng::new(16);
    let dir = tempfile::tempdir().unwrap();
    generated(dir.path(), 30, &mut rng);
    index_with(dir.path(), None);
    assert_eq!(segments(dir.path()), 1);
    // Each update adds a small segment; small ones merge among
    // themselves, so their number stays small.
    for i in 0..6 {
        let name = format!("new{i}.txt");
        std::fs::write(dir.path().join(&name), format!("第{i}次更新 独有词{i}号")).unwrap();
        index_with(dir.path(), None);
        assert_eq!(listed(dir.path(), &format!("独有词{i}号")), vec![name]);
    }
    assert!(segments(dir.path()) <= 4, "{}", segments(dir.path()));
    assert_eq!(count(dir.path(), "独有词"), 6);
}
