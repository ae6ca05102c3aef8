//! Running the binary: one clean environment, one way to run it to the end
//! ([`Run`]), and what the tests read from its output.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_dafu");

/// The binary's test hook: `dafu index` creates this file right after the
/// first batch commit of the run, then waits (holding the write lock) for
/// SIGINT. See [`super::background::Background::index_paused`].
pub const PAUSE_HOOK: &str = "DAFU_TEST_PAUSE_AFTER_COMMIT";

/// `dafu` with a clean environment for reproducible output, as a std
/// command (to spawn it; see [`super::background`]).
pub fn command() -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.env_remove("DAFU_INDEX")
        .env_remove("NO_COLOR")
        .env_remove(PAUSE_HOOK)
        .env("COLUMNS", "100");
    cmd
}

/// `dafu` with a clean environment for reproducible output: finish it with
/// [`RunExt::run`].
pub fn dafu() -> assert_cmd::Command {
    assert_cmd::Command::from_std(command())
}

/// A finished run of dafu.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both outputs must be UTF-8 (dafu writes nothing else).
    pub fn from_output(out: Output) -> Run {
        let text = |bytes: Vec<u8>, which: &str| {
            String::from_utf8(bytes).unwrap_or_else(|e| {
                panic!(
                    "{which} is not UTF-8: {}",
                    String::from_utf8_lossy(e.as_bytes())
                )
            })
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: text(out.stdout, "stdout"),
            stderr: text(out.stderr, "stderr"),
        }
    }
}

/// Run a [`dafu`] command to the end: `dafu().args(…).run()`.
pub trait RunExt {
    fn run(&mut self) -> Run;
}

impl RunExt for assert_cmd::Command {
    fn run(&mut self) -> Run {
        Run::from_output(self.output().unwrap())
    }
}

/// `dafu ARGS…`.
pub fn run(args: &[&str]) -> Run {
    dafu().args(args).run()
}

/// `dafu ARGS…` reading `stdin`.
pub fn run_stdin(args: &[&str], stdin: &[u8]) -> Run {
    dafu().args(args).write_stdin(stdin).run()
}

/// `dafu search ARGS… DIR`.
pub fn search(dir: &Path, args: &[&str]) -> Run {
    dafu().arg("search").args(args).arg(dir).run()
}

/// `dafu index FLAGS… PATHS…`.
pub fn index_run(paths: &[&Path], flags: &[&str]) -> Run {
    dafu().arg("index").args(flags).args(paths).run()
}

/// Index `dir` quietly, asserting success.
pub fn index(dir: &Path) {
    let r = index_run(&[dir], &["-q"]);
    assert_eq!(r.code, 0, "dafu index {}: {}", dir.display(), r.stderr);
}

/// `dafu show FLAGS… FILE`.
pub fn show(file: &Path, flags: &[&str]) -> Run {
    dafu().arg("show").args(flags).arg(file).run()
}

/// What `--explain` says about `query` (stderr).
pub fn explain(dir: &Path, query: &str) -> String {
    let r = search(dir, &["--explain", "-c", query]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.stderr
}

/// A path as the `&str` argument the helpers take.
pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Parse every line of `out` as JSON, failing with the line on error.
pub fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

// ---------------------------------------------------------------- summary

/// The numbers of the summary line: (indexed, unchanged, removed, skipped).
pub fn summary(stderr: &str) -> (usize, usize, usize, usize) {
    let n = summary_counts(stderr);
    (n[0], n[1], n[2], n[3])
}

/// How many files the summary line says were moved.
pub fn moved(stderr: &str) -> usize {
    summary_counts(stderr)[4]
}

/// Every number of the summary line, in order: indexed, unchanged,
/// removed, skipped, moved.
pub fn summary_counts(stderr: &str) -> Vec<usize> {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("dafu: ") && l.contains(" indexed, "))
        .unwrap_or_else(|| panic!("no summary line on stderr:\n{stderr}"));
    let counts = line["dafu: ".len()..].split(';').next().unwrap();
    let n: Vec<usize> = counts
        .split(", ")
        .map(|part| {
            part.split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("bad summary line: {line}"))
        })
        .collect();
    assert_eq!(n.len(), 5, "bad summary line: {line}");
    n
}

// ---------------------------------------------------------------- reading the index

// These read the index as it is (`--no-update`): a search would otherwise
// bring changed folders up to date first, changing what is observed.

/// `dafu search -c QUERY DIR`, which must open the index (exit 0 or 1).
pub fn count(dir: &Path, query: &str) -> usize {
    let r = search(dir, &["-c", "--no-update", query]);
    assert!(
        r.code == 0 || r.code == 1,
        "search -c {query} exited {}: {}",
        r.code,
        r.stderr
    );
    r.stdout
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {:?} ({})", r.stdout, r.stderr))
}

/// Check the index opens and is consistent for `query`: `-l` lists each
/// path once, only files that exist, as many as `-c` counts. The count.
pub fn check_index(dir: &Path, query: &str) -> usize {
    let n = count(dir, query);
    let r = search(dir, &["-l", "--no-update", query]);
    assert!(
        r.code == 0 || r.code == 1,
        "search -l {query} exited {}: {}",
        r.code,
        r.stderr
    );
    let out = &r.stdout;
    let paths: Vec<&str> = out.lines().collect();
    let unique: BTreeSet<&str> = paths.iter().copied().collect();
    assert_eq!(unique.len(), paths.len(), "a path is listed twice:\n{out}");
    assert_eq!(paths.len(), n, "-l and -c disagree:\n{out}");
    for p in &paths {
        assert!(Path::new(p).is_file(), "{p} is listed but not on disk");
    }
    n
}

/// The paths `dafu search -l -- QUERY DIR` lists, relative to `dir`.
pub fn listed(dir: &Path, query: &str) -> Vec<String> {
    let r = search(dir, &["-l", "--no-update", "--", query]);
    assert!(
        r.code == 0 || r.code == 1,
        "search -l exited {}: {}",
        r.code,
        r.stderr
    );
    let prefix = format!("{}/", dir.display());
    r.stdout
        .lines()
        .map(|l| l.strip_prefix(&prefix).unwrap_or(l).to_string())
        .collect()
}
