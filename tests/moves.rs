//! End-to-end tests of renamed, moved and touched files (issue 4): a file
//! whose bytes are already indexed under another path is moved in the
//! index without being read into it again, and every command then sees it
//! at its new path only.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::*;
use serde_json::Value;

/// A corpus of small replies, each with one word no other has.
fn small_corpus(dir: &Path) {
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::create_dir_all(dir.join("b")).unwrap();
    for (name, word) in [
        ("a/1.txt", "冷链物流"),
        ("a/2.txt", "智慧养老服务"),
        ("b/3.txt", "河道治理工程建设"),
        ("top.txt", "乡村振兴战略规划与实施"),
    ] {
        fs::write(
            dir.join(name),
            format!("关于{word}的答复\n经研究，现就{word}答复如下。\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_renamed_file_is_moved_not_reindexed_and_found_at_its_new_path() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    small_corpus(root);
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    fs::rename(root.join("a/1.txt"), root.join("b/moved.txt")).unwrap();
    let r = index_run(&[root], &[]);
    let err = &r.stderr;
    assert_eq!(r.code, 0, "{err}");
    assert_eq!(summary(err), (0, 3, 0, 0), "{err}");
    assert_eq!(moved(err), 1, "{err}");
    assert!(
        err.contains("; 0 B in "),
        "nothing was read into the index: {err}"
    );

    // Every way of reaching a document agrees on where it is now.
    assert_eq!(listed(root, "冷链物流"), ["b/moved.txt"]);
    assert_eq!(check_index(root, "答复"), 4);
    let r = search(root, &["--json", "冷链物流"]);
    assert_eq!(r.code, 0);
    let hit: Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    let path = hit["path"].as_str().unwrap();
    assert!(path.ends_with("/b/moved.txt"), "{path}");
    let r = show(&root.join("b/moved.txt"), &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("冷链物流"), "{}", r.stdout);
    assert_eq!(show(&root.join("b/3.txt"), &["--json"]).code, 0);

    // Searching a folder counts a moved file where it is now.
    let r = search(&root.join("b"), &["-l", "答复"]);
    let mut in_b: Vec<&str> = r.stdout.lines().collect();
    in_b.sort();
    let b = root.join("b");
    let expect = [b.join("3.txt"), b.join("moved.txt")];
    assert_eq!(
        in_b,
        expect
            .iter()
            .map(|p| p.to_str().unwrap())
            .collect::<Vec<_>>()
    );
    let r = search(&root.join("a"), &["-l", "答复"]);
    assert_eq!(
        r.stdout.lines().count(),
        1,
        "a/ holds only 2.txt now: {}",
        r.stdout
    );
    assert!(r.stdout.contains("2.txt"));

    // The export writes the new path too.
    let text = run(&["export", path_str(root)]).stdout;
    assert!(text.contains("\"b/moved.txt\""), "{text}");
    assert!(!text.contains("\"a/1.txt\""), "{text}");

    // Moving it back home and renaming it again are moves as well.
    fs::rename(root.join("b/moved.txt"), root.join("a/1.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(
        (summary(&r.stderr), moved(&r.stderr)),
        ((0, 3, 0, 0), 1),
        "{}",
        r.stderr
    );
    assert_eq!(listed(root, "冷链物流"), ["a/1.txt"]);
    fs::rename(root.join("a/1.txt"), root.join("renamed.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(moved(&r.stderr), 1, "{}", r.stderr);
    assert_eq!(listed(root, "冷链物流"), ["renamed.txt"]);
}

#[test]
fn a_new_file_at_a_moved_files_old_path_is_a_new_document() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    small_corpus(root);
    index_run(&[root], &[]);
    fs::rename(root.join("top.txt"), root.join("a/top.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(moved(&r.stderr), 1, "{}", r.stderr);

    // Something else takes the old name, and the moved file changes.
    fs::write(root.join("top.txt"), "关于海绵城市的答复\n").unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (1, 4, 0, 0), "{}", r.stderr);
    assert_eq!(listed(root, "海绵城市"), ["top.txt"]);
    assert_eq!(listed(root, "乡村振兴"), ["a/top.txt"]);
    assert_eq!(check_index(root, "答复"), 5);
    fs::write(root.join("a/top.txt"), "关于乡村振兴的答复（修订）\n").unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (1, 4, 0, 0), "{}", r.stderr);
    assert_eq!(listed(root, "修订"), ["a/top.txt"]);
    assert_eq!(check_index(root, "答复"), 5);

    // A moved file that is deleted leaves the index.
    fs::rename(root.join("a/top.txt"), root.join("b/top.txt")).unwrap();
    index_run(&[root], &[]);
    fs::remove_file(root.join("b/top.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (0, 4, 1, 0), "{}", r.stderr);
    assert_eq!(count(root, "乡村振兴"), 0);
}

#[test]
fn a_rename_over_an_existing_file_replaces_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    small_corpus(root);
    index_run(&[root], &[]);
    fs::rename(root.join("a/1.txt"), root.join("a/2.txt")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(
        (summary(&r.stderr), moved(&r.stderr)),
        ((0, 2, 0, 0), 1),
        "{}",
        r.stderr
    );
    assert_eq!(listed(root, "冷链物流"), ["a/2.txt"]);
    assert_eq!(count(root, "智慧养老"), 0);
    assert_eq!(check_index(root, "答复"), 3);
}

#[test]
fn a_touched_file_is_checked_once_then_trusted_by_its_new_mtime() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    small_corpus(root);
    index_run(&[root], &[]);
    let file = root.join("top.txt");
    touch(&file);
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (0, 4, 0, 0), "{}", r.stderr);

    // Same size, same (new) mtime, other bytes: like make and rsync, dafu
    // trusts the stat it recorded and does not read the file. Had it not
    // recorded the new mtime, it would read this file and index it.
    let mtime = fs::metadata(&file).unwrap().modified().unwrap();
    let other = fs::read_to_string(&file).unwrap().replace("振兴", "复兴");
    assert_eq!(other.len() as u64, fs::metadata(&file).unwrap().len());
    fs::write(&file, other).unwrap();
    set_mtime(&file, mtime);
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (0, 4, 0, 0), "{}", r.stderr);
    assert_eq!(count(root, "乡村复兴"), 0);

    // A real change (new mtime) is seen.
    set_mtime(&file, mtime + Duration::from_secs(60));
    let r = index_run(&[root], &[]);
    assert_eq!(summary(&r.stderr), (1, 3, 0, 0), "{}", r.stderr);
    assert_eq!(listed(root, "乡村复兴"), ["top.txt"]);
}

#[test]
fn full_and_rebuild_reindex_moved_files_under_their_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    small_corpus(root);
    index_run(&[root], &[]);
    fs::rename(root.join("a"), root.join("c")).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(moved(&r.stderr), 2, "{}", r.stderr);
    assert_eq!(
        table_files(root),
        1,
        "one table of moves, the last commit's"
    );
    let r = index_run(&[root], &[]);
    assert_eq!(moved(&r.stderr), 0, "{}", r.stderr);
    assert_eq!(table_files(root), 1, "older tables are deleted");
    for flags in [&["--full"][..], &["--rebuild"][..]] {
        let r = index_run(&[root], flags);
        let err = &r.stderr;
        assert_eq!(r.code, 0, "{err}");
        assert_eq!((summary(err), moved(err)), ((4, 0, 0, 0), 0), "{err}");
        assert_eq!(listed(root, "智慧养老"), ["c/2.txt"]);
        assert_eq!(check_index(root, "答复"), 4);
        assert_eq!(table_files(root), 0, "nothing is moved any more");
    }
}

/// How many tables of moves the index folder holds.
fn table_files(root: &Path) -> usize {
    fs::read_dir(root.join(".dafu"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("moves-")
        })
        .count()
}

/// Random renames, swaps, copies, edits, deletions and new files at old
/// paths, each followed by an incremental run: the index must answer like
/// a fresh index of the same tree, for every document and every folder.
#[test]
fn random_reorganisations_leave_the_index_equal_to_a_fresh_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let words = [
        "冷链物流",
        "智慧养老",
        "河道治理",
        "乡村振兴",
        "海绵城市",
        "低空经济",
        "银发经济",
        "数字乡村",
        "揭榜挂帅",
        "专精特新",
    ];
    let dirs = ["", "x", "x/y", "z"];
    for d in &dirs[1..] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let mut next_word = 0;
    let mut new_text = || {
        next_word += 1;
        let w = words[next_word % words.len()];
        format!("关于{w}的答复\n第{next_word}号。\n")
    };
    for i in 0..6 {
        let d = dirs[i % dirs.len()];
        let rel = if d.is_empty() {
            format!("f{i}.txt")
        } else {
            format!("{d}/f{i}.txt")
        };
        fs::write(root.join(rel), new_text()).unwrap();
    }
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut total_moved = 0;
    for step in 0..40 {
        let present = txt_files(root);
        let pick = |rng: &mut Rng| rng.pick(&present).clone();
        // Few names, so that files often land where others were.
        let fresh_name = |rng: &mut Rng| {
            let d = rng.pick(&dirs);
            let name = format!("f{}.txt", rng.below(8));
            if d.is_empty() {
                name
            } else {
                format!("{d}/{name}")
            }
        };
        // One to three changes per run.
        for _ in 0..=rng.below(3) {
            let present_now = txt_files(root);
            if present_now.is_empty() {
                break;
            }
            match rng.below(8) {
                0 | 1 => {
                    let from = pick(&mut rng);
                    if root.join(&from).exists() {
                        fs::rename(root.join(&from), root.join(fresh_name(&mut rng))).unwrap();
                    }
                }
                2 => {
                    // Swap two files' names.
                    let (a, b) = (pick(&mut rng), pick(&mut rng));
                    if a != b && root.join(&a).exists() && root.join(&b).exists() {
                        let t = root.join("swap.tmp");
                        fs::rename(root.join(&a), &t).unwrap();
                        fs::rename(root.join(&b), root.join(&a)).unwrap();
                        fs::rename(&t, root.join(&b)).unwrap();
                    }
                }
                3 => {
                    // Move one away and put a new file in its place.
                    let from = pick(&mut rng);
                    if root.join(&from).exists() {
                        fs::rename(root.join(&from), root.join(fresh_name(&mut rng))).unwrap();
                        fs::write(root.join(&from), new_text()).unwrap();
                    }
                }
                4 => {
                    let from = pick(&mut rng);
                    if root.join(&from).exists() {
                        fs::copy(root.join(&from), root.join(fresh_name(&mut rng))).unwrap();
                    }
                }
                5 => {
                    let f = pick(&mut rng);
                    if root.join(&f).exists() {
                        fs::write(root.join(&f), new_text()).unwrap();
                    }
                }
                6 => {
                    let f = pick(&mut rng);
                    if root.join(&f).exists() && present.len() > 2 {
                        fs::remove_file(root.join(&f)).unwrap();
                    }
                }
                _ => fs::write(root.join(fresh_name(&mut rng)), new_text()).unwrap(),
            }
        }
        let r = index_run(&[root], &[]);
        assert_eq!(r.code, 0, "step {step} ({rng}): {}", r.stderr);
        total_moved += moved(&r.stderr);

        // Every document, by the word it holds, where a scan finds it.
        for w in words {
            assert_eq!(listed(root, w), scan(root, w), "step {step} ({rng}), {w}");
        }
        assert_eq!(
            check_index(root, "答复"),
            txt_files(root).len(),
            "step {step} ({rng})"
        );
        for d in &dirs[1..] {
            let r = search(&root.join(d), &["-l", "答复"]);
            let mut got: Vec<String> = r
                .stdout
                .lines()
                .map(|l| {
                    Path::new(l)
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            got.sort();
            let want: Vec<String> = txt_files(root)
                .into_iter()
                .filter(|f| f.starts_with(&format!("{d}/")))
                .collect();
            assert_eq!(got, want, "step {step} ({rng}), folder {d}");
        }
    }
    assert!(
        total_moved >= 5,
        "the walk moved only {total_moved} files ({rng})"
    );
}

#[test]
fn swapping_two_files_of_the_same_size_and_mtime_is_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (a, b) = (root.join("a.txt"), root.join("b.txt"));
    fs::write(&a, "关于冷链物流的答复\n").unwrap();
    fs::write(&b, "关于智慧养老的答复\n").unwrap();
    // Files written in the same clock tick share an mtime; make it certain.
    let when = fs::metadata(&a).unwrap().modified().unwrap();
    for f in [&a, &b] {
        set_mtime(f, when);
    }
    index_run(&[root], &[]);
    let tmp_name = root.join("swap.tmp");
    fs::rename(&a, &tmp_name).unwrap();
    fs::rename(&b, &a).unwrap();
    fs::rename(&tmp_name, &b).unwrap();
    let r = index_run(&[root], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(listed(root, "冷链物流"), ["b.txt"], "{}", r.stderr);
    assert_eq!(listed(root, "智慧养老"), ["a.txt"], "{}", r.stderr);
}
