//! Less surprise with folders: two new sibling folders get an index each,
//! and from inside an indexed tree a search is of the current folder, with
//! paths printed from there (as ripgrep does); `--root` searches it all.

mod common;

use std::fs;

use common::{RunExt, dafu, index};

#[test]
fn two_new_sibling_folders_get_an_index_each() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    fs::write(a.join("x.txt"), "关于路灯的答复\n").unwrap();
    fs::write(b.join("y.txt"), "关于公厕的答复\n").unwrap();
    let r = common::index_run(&[&a, &b], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(a.join(".dafu").is_dir() && b.join(".dafu").is_dir());
    assert!(!dir.path().join(".dafu").exists(), "no index at the parent");
    assert_eq!(common::listed(&a, "路灯"), ["x.txt"]);
    assert_eq!(common::listed(&b, "公厕"), ["y.txt"]);
}

#[test]
fn from_a_subfolder_a_search_is_of_that_folder_and_prints_paths_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("yn/deep")).unwrap();
    fs::create_dir(root.join("gz")).unwrap();
    fs::write(root.join("yn/p007.txt"), "关于农村公路的答复\n").unwrap();
    fs::write(root.join("yn/deep/p009.txt"), "关于农村饮水的答复\n").unwrap();
    fs::write(root.join("gz/p008.txt"), "关于农村学校的答复\n").unwrap();
    index(root);
    let yn = root.join("yn");
    let run = |args: &[&str]| dafu().current_dir(&yn).args(args).run().stdout;
    assert_eq!(run(&["search", "-l", "农村"]), "deep/p009.txt\np007.txt\n");
    assert_eq!(
        run(&["search", "-l", "农村", "."]),
        "deep/p009.txt\np007.txt\n"
    );
    assert_eq!(run(&["search", "-l", "农村", "deep"]), "deep/p009.txt\n");
    assert_eq!(
        run(&["search", "-l", "--root", "农村"]),
        "../gz/p008.txt\n../yn/deep/p009.txt\n../yn/p007.txt\n"
    );
    assert_eq!(run(&["search", "-c", "农村"]), "2\n");
}
