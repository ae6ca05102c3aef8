//! A `dafu index` running beside the test. Tests never guess how long a
//! step takes: they wait for an event (a file the binary creates, a line it
//! writes, its exit), polling with a generous overall limit that only a hung
//! run reaches.
//!
//! The event that makes interruptions and concurrency testable is the
//! binary's test hook ([`PAUSE_HOOK`]): [`Background::index_paused`] returns
//! once the run has committed its first batch and stopped there, holding the
//! write lock until it gets SIGINT ([`Background::interrupt`]) or is killed
//! ([`Background::kill`]).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::env::{PAUSE_HOOK, Run, command};

/// Pause between polls of a running dafu.
pub const POLL: Duration = Duration::from_millis(20);
/// Give up waiting after this long: a hung dafu, not a slow one.
pub const PATIENCE: Duration = Duration::from_secs(180);

/// A `dafu index` child process, stdout discarded, stderr read line by line
/// as it comes.
pub struct Background {
    child: Child,
    what: String,
    lines: Receiver<String>,
    /// Lines already taken from `lines`.
    seen: Vec<String>,
    /// The hook's marker file, and its folder.
    marker: Option<PathBuf>,
    _marker_dir: Option<TempDir>,
}

impl Background {
    /// Start `dafu index FLAGS… DIR`.
    pub fn index(dir: &Path, flags: &[&str]) -> Background {
        Background::start(dir, flags, None)
    }

    /// Start `dafu index FLAGS… DIR` with the pause hook, and return once
    /// it has committed its first batch (of `--commit-every` bytes, among
    /// FLAGS) and waits there, holding the write lock. Panics if it ends
    /// before.
    pub fn index_paused(dir: &Path, flags: &[&str]) -> Background {
        let mut run = Background::index_hooked(dir, flags);
        let marker = run.marker.clone().unwrap();
        run.wait_for(|| marker.exists(), "to pause after its first commit");
        run
    }

    /// Start `dafu index FLAGS… DIR` with the pause hook, and return at
    /// once: it cannot end on its own, it will pause after its first commit.
    pub fn index_hooked(dir: &Path, flags: &[&str]) -> Background {
        let marker_dir = tempfile::tempdir().unwrap();
        let marker = marker_dir.path().join("paused");
        Background::start(dir, flags, Some((marker_dir, marker)))
    }

    fn start(dir: &Path, flags: &[&str], marker: Option<(TempDir, PathBuf)>) -> Background {
        let mut cmd: Command = command();
        cmd.arg("index")
            .args(flags)
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let what = format!("dafu index {} {}", flags.join(" "), dir.display());
        let (marker_dir, marker) = match marker {
            Some((tmp, file)) => {
                cmd.env(PAUSE_HOOK, &file);
                (Some(tmp), Some(file))
            }
            None => (None, None),
        };
        let mut child = cmd.spawn().unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Background {
            child,
            what,
            lines,
            seen: Vec::new(),
            marker,
            _marker_dir: marker_dir,
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Poll until `reached` says yes (true) or the run ends (false, unless
    /// it got there just before). Panics if that takes longer than
    /// [`PATIENCE`].
    pub fn wait_until(&mut self, mut reached: impl FnMut() -> bool, what: &str) -> bool {
        let start = Instant::now();
        while !reached() {
            if !self.is_running() {
                return reached();
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("`{}`: hung waiting {what} ({PATIENCE:?})", self.what);
            }
            sleep(POLL);
        }
        true
    }

    /// Poll until `reached` says yes. Panics (with what the run said) if the
    /// run ends first, or if it takes longer than [`PATIENCE`].
    pub fn wait_for(&mut self, reached: impl FnMut() -> bool, what: &str) {
        if !self.wait_until(reached, what) {
            let status = self.child.wait().unwrap();
            self.seen.extend(self.lines.iter());
            panic!(
                "`{}` ended ({status}) before it came {what}:\n{}",
                self.what,
                self.seen.join("\n")
            );
        }
    }

    /// The next line it writes on stderr (waiting for it).
    pub fn next_line(&mut self) -> String {
        match self.lines.recv_timeout(PATIENCE) {
            Ok(line) => {
                self.seen.push(line.clone());
                line
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("`{}` said nothing for {PATIENCE:?}", self.what);
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("`{}` closed stderr:\n{}", self.what, self.seen.join("\n"))
            }
        }
    }

    /// Send SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -INT {} failed", self.child.id());
    }

    /// `kill -9` it, and reap it.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Wait for it to exit (failing instead of hanging if it does not): its
    /// exit code (-1 when killed by a signal) and all it wrote on stderr.
    pub fn finish(mut self) -> Run {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("`{}`: still running after {PATIENCE:?}", self.what);
            }
            sleep(POLL);
        };
        // The reader thread ends at the end of the pipe.
        self.seen.extend(self.lines.iter());
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::new(),
            stderr: self.seen.join("\n") + "\n",
        }
    }
}

impl Drop for Background {
    /// A test that fails leaves no dafu running behind it.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
