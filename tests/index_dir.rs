//! `--index-dir DIR`: the index of a folder kept outside it, so that a
//! folder one may not write to (a read-only mount, an archive) can be
//! indexed and searched; the index's manifest records the folder, so later
//! commands need only `--index-dir` and print paths as usual.

mod common;

use std::fs;
use std::path::Path;

use common::{RunExt, dafu, path_str, read_only_mount};

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("yn")).unwrap();
    fs::write(d.join("yn/a.txt"), "关于路灯的答复\n安装路灯三十盏。\n").unwrap();
    fs::write(d.join("yn/b.txt"), "关于公厕的答复\n新建公厕两座。\n").unwrap();
    fs::write(d.join("c.txt"), "关于校车的答复\n路灯与校车。\n").unwrap();
    dir
}

/// `dafu ARGS…` run in `cwd`: exit code, stdout, stderr.
fn run_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let r = dafu().current_dir(cwd).args(args).run();
    (r.code, r.stdout, r.stderr)
}

#[test]
fn a_folder_is_indexed_into_another_and_nothing_is_written_in_it() {
    let dir = corpus();
    let d = dir.path();
    let store = tempfile::tempdir().unwrap();
    let ix = store.path().join("ix");
    let (code, _, err) = run_in(d, &["index", "--index-dir", path_str(&ix), "."]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !d.join(".dafu").exists(),
        "nothing is written in the folder"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(ix.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["root"],
        path_str(d),
        "the manifest records the folder"
    );

    // From the folder's parent, naming the folder: paths print as usual.
    let parent = d.parent().unwrap();
    let name = d.file_name().unwrap().to_str().unwrap();
    let (code, out, err) = run_in(
        parent,
        &["search", "-l", "--index-dir", path_str(&ix), "路灯", name],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{name}/c.txt\n{name}/yn/a.txt\n"));
    // Inside the folder, without PATH: the index alone leads to it, and
    // paths print as with `.dafu` found in a parent.
    let (code, out, err) = run_in(
        &d.join("yn"),
        &["search", "-l", "--index-dir", path_str(&ix), "路灯"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "../c.txt\n../yn/a.txt\n");
    // A folder inside it limits the search, and show finds its files.
    let (_, out, _) = run_in(
        d,
        &["search", "-l", "--index-dir", path_str(&ix), "路灯", "yn"],
    );
    assert_eq!(out, "yn/a.txt\n");
    let (code, out, err) = run_in(d, &["show", "--index-dir", path_str(&ix), "yn/b.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("公厕"), "{out}");
    assert!(!d.join(".dafu").exists());
}

#[test]
fn a_read_only_folder_is_indexed_and_kept_current_through_index_dir() {
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
    // Without --index-dir it cannot be indexed.
    let (code, _, _) = run_in(m, &["index", "."]);
    assert_eq!(code, 2);

    let store = tempfile::tempdir().unwrap();
    let ix = store.path().join("ix");
    let ixs = path_str(&ix);
    let (code, _, err) = run_in(m, &["index", "--index-dir", ixs, "."]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_in(m, &["search", "-l", "--index-dir", ixs, "路灯"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "c.txt\nyn/a.txt\n");
    for cmd in ["stats", "terms", "export"] {
        let (code, _, err) = run_in(m, &[cmd, "--index-dir", ixs]);
        assert_eq!(code, 0, "{cmd}: {err}");
    }
    let (code, _, err) = run_in(m, &["similar", "--index-dir", ixs, "c.txt"]);
    assert!(code == 0 || code == 1, "{err}");

    // A file added under the mount: the search updates the index (in DIR)
    // first, writing nothing in the folder.
    fs::write(dir.path().join("yn/new.txt"), "关于路灯维修的答复\n").unwrap();
    let (code, out, err) = run_in(m, &["search", "-l", "--index-dir", ixs, "路灯"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "c.txt\nyn/a.txt\nyn/new.txt\n");
    assert!(err.contains("updated it first"), "{err}");

    // $DAFU_INDEX may name the index folder: absolute paths, as ever.
    let elsewhere = tempfile::tempdir().unwrap();
    let r = dafu()
        .current_dir(elsewhere.path())
        .env("DAFU_INDEX", ixs)
        .args(["search", "-c", "路灯"])
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "3\n"), "{}", r.stderr);
}

#[test]
fn an_empty_index_dir_needs_a_folder() {
    let store = tempfile::tempdir().unwrap();
    let ix = store.path().join("ix");
    let (code, _, err) = run_in(
        store.path(),
        &["search", "--index-dir", path_str(&ix), "路灯"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("holds no dafu index yet"), "{err}");
}
