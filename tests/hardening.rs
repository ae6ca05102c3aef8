//! End-to-end tests of the faults adversarial testing found (issue 14):
//! a crash in the middle of swapping a rebuilt index in, damaged index
//! files, FIFOs and devices, links out of the folder, leftovers of failed
//! runs, SIGTERM and Ctrl-C during the final merge, Big5 text, and the
//! smaller decoding and reporting faults. Each test failed before its fix.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dafu");
/// Give up on a child after this long (a hung dafu, not a slow one).
const PATIENCE: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------- helpers

/// A copy of the bundled corpus whose files and folders the test may change.
fn writable_corpus() -> tempfile::TempDir {
    let dir = corpus_copy();
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    dir
}

/// `dafu ARGS…` with extra environment: (exit code, stdout, stderr); the
/// code is None when a signal ended it.
fn run_env(args: &[&OsStr], env: &[(&str, &OsStr)]) -> (Option<i32>, String, String) {
    let mut cmd = dafu();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `dafu ARGS…`: (exit code, stdout, stderr).
fn run(args: &[&OsStr]) -> (Option<i32>, String, String) {
    run_env(args, &[])
}

fn os<'a>(args: &'a [&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(OsStr::new).collect()
}

/// `dafu index FLAGS DIR` as a child process, stdout discarded.
fn spawn_index(dir: &Path, flags: &[&str], env: &[(&str, &Path)]) -> Child {
    let mut cmd = StdCommand::new(BIN);
    cmd.arg("index")
        .args(flags)
        .arg(dir)
        .env_remove("DAFU_INDEX");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait for a child, killing it (and failing) if it takes longer than
/// `patience`.
fn wait_within(mut child: Child, patience: Duration, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > patience {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{what}: still running after {patience:?}");
        }
        sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Wait until `path` exists (a test hook's marker), or the child exits.
fn wait_for_marker(child: &mut Child, path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            panic!("dafu exited ({status}) before {}:\n{err}", path.display());
        }
        assert!(start.elapsed() < PATIENCE, "dafu never reached the hook");
        sleep(Duration::from_millis(10));
    }
}

fn send_signal(child: &Child, signal: &str) {
    let status = StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {signal} failed");
}

fn mkfifo(path: &Path) {
    let status = StdCommand::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Write `n` replies of about 3 KB each, recombined from the lines of the
/// bundled corpus; each has 答复 in its title.
fn generate(dir: &Path, n: usize) {
    let mut lines = Vec::new();
    for entry in fs::read_dir(repo().join("corpus")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
    }
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for i in 0..n {
        let mut text = format!("关于第{i}号提案的答复\n");
        while text.len() < 3000 {
            text.push_str(&lines[rng.below(lines.len())]);
            text.push('\n');
        }
        fs::write(dir.join(format!("r{i:03}.txt")), text).unwrap();
    }
}

/// The skips reported on stderr: (path, reason).
fn skips(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("dafu: skipped "))
        .map(|l| {
            let (p, r) = l.split_once(": ").unwrap_or((l, ""));
            (p.to_string(), r.to_string())
        })
        .collect()
}

/// The reason `path` was skipped, failing if it was not.
fn reason<'a>(skips: &'a [(String, String)], path: &str, stderr: &str) -> &'a str {
    skips
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, r)| r.as_str())
        .unwrap_or_else(|| panic!("{path} not skipped:\n{stderr}"))
}

/// Total size of the files under `dir`.
fn du(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// The folders inside `.dafu` (tantivy's, live or left over).
fn index_folders(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root.join(".dafu"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The live tantivy folder: the one inside `.dafu` that holds a meta.json.
fn live_tantivy(root: &Path) -> PathBuf {
    let found: Vec<PathBuf> = index_folders(root)
        .into_iter()
        .map(|d| root.join(".dafu").join(d))
        .filter(|d| d.join("meta.json").is_file())
        .collect();
    assert_eq!(found.len(), 1, "tantivy folders: {found:?}");
    found.into_iter().next().unwrap()
}

/// Every command works on the index of the bundled corpus at `root`.
fn every_command_works(root: &Path, what: &str) {
    let file = root.join("002_1410f8f5c1ce2d66.txt");
    let r = root.as_os_str();
    let f = file.as_os_str();
    let s = |a: &'static str| OsStr::new(a);
    let (code, out, err) = run(&[s("search"), s("-c"), s("揭榜挂帅"), r]);
    assert_eq!(
        (code, out.as_str()),
        (Some(0), "2\n"),
        "{what}: search: {err}"
    );
    let (code, out, err) = run(&[s("search"), s("-l"), s("揭榜挂帅"), r]);
    assert_eq!(code, Some(0), "{what}: search -l: {err}");
    assert_eq!(out.lines().count(), 2, "{what}: {out}");
    for args in [
        vec![s("search"), s("科技成果转化"), r],
        vec![s("show"), f],
        vec![s("similar"), f],
        vec![s("stats"), r],
        vec![s("terms"), r],
        vec![s("export"), r],
        vec![s("index"), s("-q"), r],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, Some(0), "{what}: {args:?}: {err}");
    }
}

// ---------------------------------------------------------------- 1. swap

#[test]
fn a_rebuild_killed_at_any_step_of_the_swap_leaves_an_index_that_opens() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    for step in 1..=3 {
        let point = format!("publish:{step}");
        let (code, _, err) = run_env(
            &[
                OsStr::new("index"),
                OsStr::new("--rebuild"),
                root.as_os_str(),
            ],
            &[("DAFU_TEST_FAULT", OsStr::new(&point))],
        );
        assert_eq!(code, None, "{point}: the hook did not abort dafu: {err}");
        every_command_works(root, &format!("killed at {point}"));
    }
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    every_command_works(root, "after a complete rebuild");
}

#[test]
fn an_index_of_the_layout_before_generations_opens_and_a_rebuild_moves_it_on() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    // The layout before generations: `.dafu/tantivy`, a manifest without
    // a generation.
    let dafu = root.join(".dafu");
    fs::rename(live_tantivy(root), dafu.join("tantivy")).unwrap();
    let path = dafu.join("manifest.json");
    let mut manifest: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    manifest.as_object_mut().unwrap().remove("generation");
    fs::write(&path, manifest.to_string()).unwrap();
    every_command_works(root, "the old layout");
    assert_eq!(index_folders(root), ["tantivy"]);

    // Its rebuild killed between its two renames (`tantivy` moved away,
    // the rebuilt `tantivy.new` not yet in place): searches use the
    // rebuilt index, and the next write finishes the swap.
    fs::rename(dafu.join("tantivy"), dafu.join("tantivy.new")).unwrap();
    fs::create_dir(dafu.join("tantivy.old")).unwrap();
    every_command_works(root, "the old layout's rebuild killed half way");
    assert_eq!(index_folders(root), ["tantivy"]);

    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(index_folders(root).len(), 1);
    assert!(index_folders(root)[0].starts_with("tantivy-"));
    every_command_works(root, "rebuilt from the old layout");
}

// ---------------------------------------------------------------- 2. damage

/// Copy a folder with its hidden files (tantivy's `.managed.json`).
fn copy_all(src: &Path, dst: &Path) {
    let _ = fs::remove_dir_all(dst);
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_all(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Run every command on a damaged index (the slower ones only when
/// asked): none may panic (101) or die of a signal; an error (2) says what
/// to do, in short lines.
fn no_command_panics(root: &Path, file: &Path, what: &str, slow: bool) {
    let r = root.as_os_str();
    let f = file.as_os_str();
    let s = |a: &'static str| OsStr::new(a);
    let mut commands = vec![
        vec![s("search"), s("科技"), r],
        vec![s("search"), s("-l"), s("\"科技\""), r],
        vec![s("search"), s("--json"), s("title:答复"), r],
        vec![s("show"), f],
        vec![s("stats"), r],
        vec![s("index"), s("-q"), r],
    ];
    if slow {
        // These load jieba's dictionary: a second each in a debug build.
        commands.push(vec![s("similar"), f]);
        commands.push(vec![s("terms"), r]);
        commands.push(vec![s("export"), r]);
    }
    exits_cleanly(&commands, what);
}

/// Searches on a damaged index (the first reads the stored text of every
/// document): as [`no_command_panics`].
fn no_search_panics(root: &Path, what: &str) {
    let r = root.as_os_str();
    let s = |a: &'static str| OsStr::new(a);
    let commands = [
        vec![s("search"), s("-n"), s("10"), s("科技"), r],
        vec![s("search"), s("-c"), s("\"科技\""), r],
    ];
    exits_cleanly(&commands, what);
}

fn exits_cleanly(commands: &[Vec<&OsStr>], what: &str) {
    for args in commands {
        let (code, _, err) = run(args);
        let code = code.unwrap_or_else(|| panic!("{what}: {args:?} died of a signal: {err}"));
        assert!(
            matches!(code, 0..=2),
            "{what}: {args:?} exited {code}:\n{err}"
        );
        // A flip may also lose a document without any error showing (a
        // term no longer found): `show` then says it is not in the index.
        if code == 2 && !err.contains("not in the index") {
            assert!(
                err.contains("dafu index --rebuild"),
                "{what}: {args:?}: {err}"
            );
            for line in err.lines() {
                assert!(line.len() < 300, "{what}: {args:?}: a long line: {line}");
            }
        }
    }
}

#[test]
fn a_damaged_index_never_panics_and_says_to_rebuild() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    // A move, so that the commit names a table of moves.
    let moved = root.join("moved.txt");
    fs::rename(root.join("003_032a5aed1bd1ca86.txt"), &moved).unwrap();
    index(root);
    let pristine = tempfile::tempdir().unwrap();
    copy_all(&root.join(".dafu"), pristine.path());

    let tantivy = live_tantivy(root);
    let mut victims: Vec<PathBuf> = Vec::new();
    for ext in ["store", "idx", "pos", "term", "fast", "fieldnorm"] {
        let file = fs::read_dir(&tantivy)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap_or_else(|| panic!("no .{ext} file in {}", tantivy.display()));
        victims.push(file);
    }
    victims.push(tantivy.join("meta.json"));
    victims.push(root.join(".dafu/manifest.json"));
    let moves = fs::read_dir(root.join(".dafu"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("moves-")
        })
        .expect("no table of moves");
    victims.push(moves);

    let mut rng = Rng::new(0xD1B5_4A32_D192_ED03);
    for victim in &victims {
        copy_all(pristine.path(), &root.join(".dafu"));
        let len = fs::metadata(victim).unwrap().len() as usize;
        let flip = |at: usize| {
            copy_all(pristine.path(), &root.join(".dafu"));
            let mut bytes = fs::read(victim).unwrap();
            bytes[at] ^= 0xA5;
            fs::write(victim, bytes).unwrap();
            format!("{} flipped at byte {at}", victim.display())
        };
        // Every command, at a few places.
        for at in [0, len / 2, len - 1, rng.below(len), rng.below(len)] {
            let what = flip(at);
            no_command_panics(root, &moved, &what, at == len / 2);
        }
        // The readers of the whole index, over the last bytes, where
        // tantivy keeps its footers (the store's compressor id among them).
        for back in (2..len.min(130)).step_by(3) {
            let what = flip(len - back);
            no_search_panics(root, &what);
        }
        // Whatever the damage, a rebuild repairs it.
        let Run {
            code, stderr: err, ..
        } = index_run(&[root], &["--rebuild"]);
        assert_eq!(code, 0, "{}: --rebuild: {err}", victim.display());
        assert_eq!(count(root, "揭榜挂帅"), 2);
    }

    // A store that cannot be decompressed: a damaged index, said once.
    copy_all(pristine.path(), &root.join(".dafu"));
    let store = &victims[0];
    let mut bytes = fs::read(store).unwrap();
    for b in bytes.iter_mut().take(64) {
        *b = 0x7F;
    }
    fs::write(store, bytes).unwrap();
    let (code, _, err) = run(&os(&["export", root.to_str().unwrap()]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("damaged index: run `dafu index --rebuild"),
        "{err}"
    );

    // A garbled meta.json: one short line with the fix.
    copy_all(pristine.path(), &root.join(".dafu"));
    let meta = tantivy.join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(&meta, text.replacen('{', "{garbled", 1)).unwrap();
    let (code, _, err) = run(&os(&["search", "科技", root.to_str().unwrap()]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.len() < 300, "{err}");
    assert!(
        err.contains("damaged index: run `dafu index --rebuild"),
        "{err}"
    );
}

// ---------------------------------------------------------------- 3. FIFOs

#[test]
fn fifos_and_devices_are_skipped_as_not_regular_files_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), "关于冷链物流的答复\n正文。\n").unwrap();
    fs::write(root.join("b.txt"), "关于智慧养老的答复\n正文。\n").unwrap();
    mkfifo(&root.join("pipe.txt"));
    symlink("/dev/zero", root.join("zero.txt")).unwrap();

    // b.txt becomes a FIFO after the walk listed it as a file: opening it
    // must not block (nothing ever writes to it).
    let marker = root.join("walked");
    let mut child = spawn_index(root, &[], &[("DAFU_TEST_PAUSE_AFTER_WALK", &marker)]);
    wait_for_marker(&mut child, &marker);
    fs::remove_file(root.join("b.txt")).unwrap();
    mkfifo(&root.join("b.txt"));
    fs::remove_file(&marker).unwrap();
    let out = wait_within(child, Duration::from_secs(30), "indexing with a FIFO");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let found = skips(&err);
    for path in ["b.txt", "pipe.txt"] {
        assert_eq!(reason(&found, path, &err), "not a regular file", "{err}");
    }
    assert_eq!(
        reason(&found, "zero.txt", &err),
        "link points outside the indexed folder"
    );
    assert_eq!(summary(&err), (1, 0, 0, 3), "{err}");
    assert_eq!(listed(root, "\"冷链物流\""), ["a.txt"]);

    // Followed, a link to a device is not read either.
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &["--follow-outside"]);
    assert_eq!(code, 0, "{err}");
    let found = skips(&err);
    for path in ["b.txt", "pipe.txt", "zero.txt"] {
        assert_eq!(reason(&found, path, &err), "not a regular file", "{err}");
    }
    assert_eq!(summary(&err), (0, 1, 0, 3), "{err}");
}

// ---------------------------------------------------------------- 4. links

#[test]
fn links_out_of_the_indexed_folder_are_skipped_unless_asked_for() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.txt"),
        "关于外部机密文件的答复\n",
    )
    .unwrap();
    fs::create_dir(outside.path().join("sub")).unwrap();
    fs::write(
        outside.path().join("sub/inner.txt"),
        "关于外部机密目录的答复\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("good.txt"), "关于冷链物流的答复\n").unwrap();
    fs::create_dir(root.join("in")).unwrap();
    fs::write(root.join("in/deep.txt"), "关于智慧养老的答复\n").unwrap();
    symlink("/etc/passwd", root.join("passwd.txt")).unwrap();
    symlink("/proc/self/status", root.join("status.txt")).unwrap();
    symlink(outside.path().join("secret.txt"), root.join("secret.txt")).unwrap();
    symlink(outside.path().join("sub"), root.join("outdir")).unwrap();
    // Links that stay inside are followed, as before.
    symlink("good.txt", root.join("alias.txt")).unwrap();
    symlink("in", root.join("inlink")).unwrap();

    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    let found = skips(&err);
    for path in ["passwd.txt", "status.txt", "secret.txt", "outdir"] {
        assert_eq!(
            reason(&found, path, &err),
            "link points outside the indexed folder",
            "{err}"
        );
    }
    assert_eq!(summary(&err), (4, 0, 0, 4), "{err}");
    assert_eq!(count(root, "\"root\""), 0);
    assert_eq!(count(root, "外部机密"), 0);
    assert_eq!(listed(root, "\"冷链物流\""), ["alias.txt", "good.txt"]);
    assert_eq!(
        listed(root, "\"智慧养老\""),
        ["in/deep.txt", "inlink/deep.txt"]
    );

    // --follow-outside opts in (/proc and /etc files included).
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &["--follow-outside"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(root, "外部机密"), ["outdir/inner.txt", "secret.txt"]);
    assert_eq!(listed(root, "\"root\""), ["passwd.txt"]);
    // Without it again, what lies outside leaves the index.
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(root, "外部机密"), 0, "{err}");
    assert_eq!(count(root, "\"root\""), 0, "{err}");
    // The help says so.
    let (_, help, _) = run(&os(&["index", "--help"]));
    assert!(help.contains("--follow-outside"), "{help}");
}

// ---------------------------------------------------------------- 8. leftovers

#[test]
fn a_failed_or_killed_rebuild_leaves_nothing_behind() {
    let dir = writable_corpus();
    let root = dir.path();
    index(root);
    let clean = du(&root.join(".dafu"));
    let folders = index_folders(root);
    assert_eq!(folders.len(), 1, "{folders:?}");
    let idx = OsStr::new("index");
    let rebuild = OsStr::new("--rebuild");

    // A rebuild failing just before the swap (as a full disk would make
    // it) removes what it staged; later runs work.
    let (code, _, err) = run_env(
        &[idx, rebuild, root.as_os_str()],
        &[("DAFU_TEST_FAULT", OsStr::new("fail@publish:1"))],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("injected failure"), "{err}");
    assert_eq!(
        index_folders(root),
        folders,
        "a failed rebuild left its staging"
    );
    every_command_works(root, "after a failed rebuild");

    // A rebuild killed before the swap leaves its staging behind; the next
    // run of any kind removes it.
    let (code, _, err) = run_env(
        &[idx, rebuild, root.as_os_str()],
        &[("DAFU_TEST_FAULT", OsStr::new("publish:1"))],
    );
    assert_eq!(code, None, "{err}");
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(index_folders(root).len(), 1, "{:?}", index_folders(root));
    let now = du(&root.join(".dafu"));
    assert!(
        now < clean * 5 / 4,
        "{now} bytes in .dafu, {clean} when clean"
    );

    // A run killed after writing a batch's segments and before committing
    // them leaves orphaned segment files; the next run removes them.
    let (code, _, err) = run_env(
        &[idx, OsStr::new("--full"), root.as_os_str()],
        &[("DAFU_TEST_FAULT", OsStr::new("commit-prepared"))],
    );
    assert_eq!(code, None, "{err}");
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    let tantivy = live_tantivy(root);
    let meta = fs::read_to_string(tantivy.join("meta.json")).unwrap();
    let meta: Value = serde_json::from_str(&meta).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    for entry in fs::read_dir(&tantivy).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "meta.json" {
            continue;
        }
        let id = name.split('.').next().unwrap();
        assert!(live.iter().any(|l| l == id), "orphaned file {name}");
    }
    every_command_works(root, "after a killed commit");
}

// ---------------------------------------------------------------- 9. signals

const FILES: usize = 40;

#[test]
fn sigterm_commits_what_is_done_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let marker = tempfile::tempdir().unwrap();
    let marker = marker.path().join("committed");
    let mut child = spawn_index(
        root,
        &["--commit-every", "24K"],
        &[("DAFU_TEST_PAUSE_AFTER_COMMIT", &marker)],
    );
    wait_for_marker(&mut child, &marker);
    send_signal(&child, "-TERM");
    let out = wait_within(child, PATIENCE, "dafu index after SIGTERM");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let (indexed, _, _, _) = summary(&err);
    assert!(indexed > 0 && indexed < FILES, "{err}");
    assert_eq!(check_index(root, "答复"), indexed);
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (FILES - indexed, indexed, 0, 0), "{err}");
    // The help and the exit codes say so.
    let (_, help, _) = run(&os(&["index", "--help"]));
    assert!(help.contains("143"), "{help}");
}

#[test]
fn ctrl_c_during_the_final_merge_stops_it_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root, FILES);
    let marker = tempfile::tempdir().unwrap();
    let marker = marker.path().join("merging");
    let mut child = spawn_index(
        root,
        &["--commit-every", "24K"],
        &[("DAFU_TEST_PAUSE_IN_MERGE", &marker)],
    );
    wait_for_marker(&mut child, &marker);
    send_signal(&child, "-INT");
    let out = wait_within(child, Duration::from_secs(30), "dafu index after Ctrl-C");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    // Every batch was committed before the merge: nothing is lost.
    assert_eq!(summary(&err), (FILES, 0, 0, 0), "{err}");
    assert_eq!(check_index(root, "答复"), FILES);
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (0, FILES, 0, 0), "{err}");
    assert_eq!(check_index(root, "答复"), FILES);
}

// ---------------------------------------------------------------- 10. Big5

#[test]
fn big5_text_is_indexed_as_big5() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let traditional = "臺北市政府關於科技成果轉化的答覆\n\
        貴單位提出的《關於促進產學合作與技術轉移的建議》收悉。經研究，現答覆如下：\n\
        一、本府將持續推動大學研發成果與產業對接，鼓勵設立技術移轉辦公室。\n\
        二、對於中小企業導入數位轉型，提供輔導資源與經費補助。\n";
    let (big5, _, bad) = encoding_rs::BIG5.encode(traditional);
    assert!(!bad);
    fs::write(root.join("big5.txt"), &big5).unwrap();
    let simplified =
        "关于科技成果转化的答复\n贵单位提出的建议收悉。经研究，现答复如下：推动产学研合作。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(simplified);
    fs::write(root.join("gbk.txt"), &gbk).unwrap();
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary(&err), (2, 0, 0, 0), "{err}");
    assert_eq!(listed(root, "\"科技成果轉化\""), ["big5.txt"]);
    assert_eq!(listed(root, "技術移轉辦公室"), ["big5.txt"]);
    assert_eq!(listed(root, "\"科技成果转化\""), ["gbk.txt"]);
    let (code, out, err) = run(&[OsStr::new("show"), root.join("big5.txt").as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("臺北市政府關於科技成果轉化的答覆"), "{out}");
}

// ---------------------------------------------------------------- 11. smaller

#[test]
fn nul_in_any_encoding_is_binary_and_whitespace_only_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("good.txt"), "关于冷链物流的答复\n").unwrap();
    let mut utf16 = b"\xFF\xFE".to_vec();
    for u in "关于低空经济的答复\0正文".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(root.join("utf16-nul.txt"), utf16).unwrap();
    fs::write(root.join("bom-nul.txt"), "\u{FEFF}关于银发经济\0的答复").unwrap();
    fs::write(root.join("blank.txt"), " \n\t\r\n\u{3000}\n").unwrap();
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &[]);
    assert_eq!(code, 0, "{err}");
    let found = skips(&err);
    assert!(
        reason(&found, "utf16-nul.txt", &err).contains("binary"),
        "{err}"
    );
    assert!(
        reason(&found, "bom-nul.txt", &err).contains("binary"),
        "{err}"
    );
    assert!(reason(&found, "blank.txt", &err).contains("empty"), "{err}");
    assert_eq!(summary(&err), (1, 0, 0, 3), "{err}");
}

#[test]
fn the_report_keeps_the_bytes_of_names_that_are_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let name = b"bad-\xFF\xFE.txt";
    fs::write(root.join(OsStr::from_bytes(name)), "关于低空经济的答复\n").unwrap();
    fs::create_dir(root.join(OsStr::from_bytes(b"dir-\xC3"))).unwrap();
    fs::write(
        root.join(OsStr::from_bytes(b"dir-\xC3/x.txt")),
        "关于银发经济的答复\n",
    )
    .unwrap();
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("skipped.jsonl");
    let Run {
        code, stderr: err, ..
    } = index_run(&[root], &["--report", report.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&report).unwrap();
    let mut found = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(
            v["reason"].as_str().unwrap().contains("not valid UTF-8"),
            "{line}"
        );
        let bytes: Vec<u8> = v["path_bytes"]
            .as_array()
            .unwrap_or_else(|| panic!("no path_bytes: {line}"))
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        // The exact name: the file can be found from the report.
        assert!(root.join(OsStr::from_bytes(&bytes)).is_file(), "{line}");
        found.push(bytes);
    }
    found.sort();
    assert_eq!(
        found,
        [b"bad-\xFF\xFE.txt".to_vec(), b"dir-\xC3/x.txt".to_vec()]
    );
}
