//! Precedents for a draft: `dafu similar -` reads a text from stdin (and
//! `dafu similar FILE DIR` a file outside the index) and finds the indexed
//! replies most like it.

mod common;

use std::fs;

use common::{copy_tree, repo, run_stdin};

#[test]
fn half_of_a_reply_held_back_finds_that_reply_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_tree(&repo().join("corpus"), d);
    copy_tree(&repo().join("tests/fixtures/replies"), d);
    // Not indexed yet: `similar` indexes the folder first, as search does.
    let mut tried = 0;
    for name in common::txt_files(d) {
        let text = fs::read_to_string(d.join(&name)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() < 6 {
            continue;
        }
        let second_half = lines[lines.len() / 2..].join("\n");
        let r = run_stdin(
            &["similar", "--json", "-n", "3", "-", d.to_str().unwrap()],
            second_half.as_bytes(),
        );
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let first = &common::json_lines(&r.stdout)[0];
        assert_eq!(first["relpath"], name.as_str(), "{name}: {}", r.stdout);
        tried += 1;
    }
    assert!(tried >= 5, "{tried}");

    // A file outside the index, given with the folder to search.
    let outside = tempfile::tempdir().unwrap();
    let draft = outside.path().join("draft.txt");
    fs::write(
        &draft,
        fs::read(d.join("002_1410f8f5c1ce2d66.txt")).unwrap(),
    )
    .unwrap();
    let r = common::run(&[
        "similar",
        "--json",
        "-n",
        "1",
        draft.to_str().unwrap(),
        d.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        common::json_lines(&r.stdout)[0]["relpath"],
        "002_1410f8f5c1ce2d66.txt"
    );
    // An indexed file is never its own precedent.
    let r = common::run(&[
        "similar",
        "--json",
        d.join("002_1410f8f5c1ce2d66.txt").to_str().unwrap(),
    ]);
    assert!(
        !r.stdout
            .contains("\"relpath\":\"002_1410f8f5c1ce2d66.txt\""),
        "{}",
        r.stdout
    );
}
