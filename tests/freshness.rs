//! Never a stale answer, never locked out: a search sees files added,
//! removed, renamed or saved since the index was built, says when the
//! last run did not finish, and works on a read-only folder.

mod common;

use std::fs;
use std::path::Path;

use common::{Background, index, read_only_mount, search};

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("yn")).unwrap();
    fs::write(d.join("yn/a.txt"), "关于路灯的答复\n安装路灯三十盏。\n").unwrap();
    fs::write(d.join("yn/b.txt"), "关于公厕的答复\n新建公厕两座。\n").unwrap();
    fs::write(d.join("c.txt"), "关于校车的答复\n路灯与校车。\n").unwrap();
    index(d);
    dir
}

fn listed(d: &Path, q: &str, flags: &[&str]) -> (Vec<String>, String) {
    let mut args = vec!["-l"];
    args.extend_from_slice(flags);
    args.push(q);
    let r = search(d, &args);
    let prefix = format!("{}/", d.display());
    let files = r
        .stdout
        .lines()
        .map(|l| l.strip_prefix(&prefix).unwrap_or(l).to_string())
        .collect();
    (files, r.stderr)
}

#[test]
fn a_search_sees_files_added_removed_renamed_and_saved_since_the_index() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(listed(d, "路灯", &[]).0, ["c.txt", "yn/a.txt"]);

    fs::remove_file(d.join("c.txt")).unwrap();
    fs::write(d.join("yn/new.txt"), "关于路灯维修的答复\n").unwrap();
    // --no-update answers from the index as it is, without a word.
    let (files, err) = listed(d, "路灯", &["--no-update"]);
    assert_eq!(
        (files, err.as_str()),
        (vec!["c.txt".into(), "yn/a.txt".into()], "")
    );

    let (files, err) = listed(d, "路灯", &[]);
    assert_eq!(files, ["yn/a.txt", "yn/new.txt"], "{err}");
    assert!(err.contains("updated it first"), "{err}");
    // Once up to date, nothing more is said.
    assert_eq!(listed(d, "路灯", &[]).1, "");

    // A rename, and an editor's save (a new file renamed over the old one).
    fs::rename(d.join("yn/b.txt"), d.join("b.txt")).unwrap();
    fs::write(d.join("yn/a.tmp"), "关于路灯的答复\n已安装路灯五十盏。\n").unwrap();
    fs::rename(d.join("yn/a.tmp"), d.join("yn/a.txt")).unwrap();
    assert_eq!(listed(d, "公厕", &[]).0, ["b.txt"]);
    assert_eq!(listed(d, "五十盏", &[]).0, ["yn/a.txt"]);
    assert_eq!(listed(d, "三十盏", &[]).0, Vec::<String>::new());

    // An edit in place (same file, its folder's time unchanged).
    fs::write(d.join("yn/a.txt"), "关于路灯的答复\n已安装路灯八十盏。\n").unwrap();
    let (files, err) = listed(d, "八十盏", &[]);
    assert_eq!(files, ["yn/a.txt"], "{err}");
    assert!(err.contains("updated it first"), "{err}");
}

#[test]
fn a_search_says_when_the_last_run_did_not_finish() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..40 {
        fs::write(
            d.join(format!("{i:02}.txt")),
            format!("关于路灯的答复{i}\n{}\n", "路灯".repeat(200)),
        )
        .unwrap();
    }
    // Killed right after its first batch is committed.
    let run = Background::index_paused(d, &["--commit-every", "2K"]);
    run.kill();
    let r = search(d, &["-c", "路灯"]);
    let indexed: usize = r.stdout.trim().parse().unwrap();
    assert!(indexed > 0 && indexed < 40, "{indexed}");
    assert!(
        r.stderr
            .contains(&format!("did not finish ({indexed} of 40 files indexed)")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("to resume"), "{}", r.stderr);
    index(d);
    let r = search(d, &["-c", "路灯"]);
    assert_eq!((r.stdout.trim(), r.stderr.as_str()), ("40", ""));
}

#[test]
fn an_index_on_a_read_only_folder_is_searched_without_writing() {
    let dir = corpus();
    let Some((mnt, _guard)) = read_only_mount(dir.path()) else {
        eprintln!("skipped: mount --bind is not permitted here");
        return;
    };
    let m = mnt.path();
    assert!(
        fs::write(m.join("probe"), "").is_err(),
        "the mount is read-only"
    );
    assert_eq!(
        listed(m, "路灯", &[]),
        (vec!["c.txt".into(), "yn/a.txt".into()], String::new())
    );
    for args in [vec!["stats"], vec!["terms"], vec!["export"]] {
        let r = common::run(&[args[0], m.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    let r = common::show(&m.join("c.txt"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Files changed under it: the answer comes with a warning.
    fs::write(dir.path().join("yn/new.txt"), "关于路灯维修的答复\n").unwrap();
    let (files, err) = listed(m, "路灯", &[]);
    assert_eq!(files, ["c.txt", "yn/a.txt"]);
    assert!(err.contains("cannot be updated here"), "{err}");
    assert!(err.contains("run `dafu index"), "{err}");
}
