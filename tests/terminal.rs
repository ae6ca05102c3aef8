//! Terminal safety: nothing from a document, a file name or a query reaches
//! a terminal raw (escape sequences, OSC 52 clipboard writes, C1 controls,
//! bidirectional overrides, zero-width characters); `-l` stays byte-exact
//! in a pipe; JSON escapes C1.

mod common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

use common::{BIN, index, search};

const OSC52: &str = "\x1b]52;c;ZXZpbA==\x07";

/// Run dafu under a pseudo-terminal (`script`), returning what it wrote.
fn on_terminal(dir: &Path, args: &str) -> Vec<u8> {
    let cmd = format!("cd '{}' && COLUMNS=100 {BIN} {args}", dir.display());
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script(1) from util-linux runs a command on a pty");
    out.stdout
}

fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = format!("evil{OSC52}.txt");
    fs::write(
        d.join(&name),
        "关于路灯\u{9B}的答复\n路灯\u{202E}已安装\u{200B}完毕\u{9B}31m。\n",
    )
    .unwrap();
    fs::write(d.join("plain.txt"), "关于公厕的答复\n公厕已建成。\n").unwrap();
    index(d);
    dir
}

fn assert_safe(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for bad in ['\x1b', '\x07', '\u{9B}', '\u{202E}', '\u{200B}'] {
        assert!(!text.contains(bad), "{what} prints {bad:?} raw: {text:?}");
    }
}

#[test]
fn listed_paths_are_safe_on_a_terminal_and_exact_in_a_pipe() {
    let dir = hostile_corpus();
    let d = dir.path();
    let shown = on_terminal(d, "search -l 路灯 .");
    assert_safe(&shown, "-l on a terminal");
    assert!(
        String::from_utf8_lossy(&shown).contains("evil"),
        "{shown:?}"
    );
    let shown = on_terminal(d, "search -l0 路灯 .");
    assert_safe(&shown, "-l0 on a terminal");

    // In a pipe the bytes of the name are kept, for xargs and friends.
    let out = common::dafu()
        .args(["search", "-l0", "路灯"])
        .arg(d)
        .output()
        .unwrap();
    let name = d.join(format!("evil{OSC52}.txt"));
    let mut want = name.as_os_str().as_bytes().to_vec();
    want.push(0);
    assert_eq!(out.stdout, want);
}

#[test]
fn documents_never_reach_the_terminal_raw() {
    let dir = hostile_corpus();
    let d = dir.path();
    assert_safe(&on_terminal(d, "search --color never 路灯 ."), "search");
    let file = format!("'evil{OSC52}.txt'");
    assert_safe(&on_terminal(d, &format!("show {file}")), "show");
    assert_safe(
        &on_terminal(d, &format!("similar --color never {file}")),
        "similar",
    );
    let human = search(d, &["路灯"]);
    assert_safe(human.stdout.as_bytes(), "search in a pipe");
}

#[test]
fn json_escapes_c1_controls() {
    let dir = hostile_corpus();
    let r = search(dir.path(), &["--json", "路灯"]);
    assert!(!r.stdout.contains('\u{9B}'), "{}", r.stdout);
    assert!(r.stdout.contains("\\u009b"), "{}", r.stdout);
    let hit: serde_json::Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert!(hit["path"].as_str().unwrap().contains(OSC52));
}

#[test]
fn stderr_never_echoes_escapes_from_queries_or_paths() {
    let dir = hostile_corpus();
    let d = dir.path();
    let r = search(d, &["--", &format!("路灯 ({OSC52}")]);
    assert_eq!(r.code, 2);
    assert_safe(r.stderr.as_bytes(), "a bad query's error");
    let r = search(d, &["--explain", "-c", &format!("路灯{OSC52}")]);
    assert_safe(r.stderr.as_bytes(), "--explain");
    let r = common::run(&["search", "路灯", &format!("/no/such{OSC52}dir")]);
    assert_eq!(r.code, 2);
    assert_safe(r.stderr.as_bytes(), "a missing path's error");
}
