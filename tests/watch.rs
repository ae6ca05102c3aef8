//! `dafu watch`: files created, renamed and deleted while it runs are
//! reflected in the index without any other command; a burst of files is
//! taken whole; Ctrl-C stops it with 130. The index is read with
//! `--no-update` (through `common::count` and `common::listed`), so what is
//! seen is what watch committed. Nothing here asserts on speed: each wait
//! polls with a generous limit that only a hung watch reaches.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::sleep;
use std::time::Instant;

use common::{PATIENCE, POLL, count, listed};

/// A `dafu watch DIR` beside the test, its stderr read line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    /// Start it and return once it says it is watching.
    fn start(dir: &Path) -> Watch {
        let mut child = common::command()
            .arg("watch")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut w = Watch {
            child,
            lines,
            seen: Vec::new(),
        };
        w.wait_line("watching");
        w
    }

    fn wait_line(&mut self, needle: &str) {
        loop {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) if line.contains(needle) => return self.seen.push(line),
                Ok(line) => self.seen.push(line),
                Err(e) => panic!("no `{needle}` from dafu watch ({e}):\n{}", self.log()),
            }
        }
    }

    fn log(&mut self) -> String {
        self.seen.extend(self.lines.try_iter());
        self.seen.join("\n")
    }

    /// Poll until `reached`; panic (with what watch said) after PATIENCE.
    fn wait_for(&mut self, mut reached: impl FnMut() -> bool, what: &str) {
        let start = Instant::now();
        while !reached() {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("dafu watch ended ({status}) before {what}:\n{}", self.log());
            }
            if start.elapsed() > PATIENCE {
                panic!("dafu watch: hung waiting for {what}:\n{}", self.log());
            }
            sleep(POLL * 5);
        }
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([name, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Wait for it to exit: its exit code.
    fn finish(&mut self) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < PATIENCE, "still running:\n{}", self.log());
            sleep(POLL);
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("yn")).unwrap();
    fs::write(d.join("yn/a.txt"), "关于路灯的答复\n安装路灯三十盏。\n").unwrap();
    fs::write(d.join("c.txt"), "关于校车的答复\n新增校车两辆。\n").unwrap();
    dir
}

#[test]
fn watch_indexes_a_new_folder_then_follows_creates_renames_and_deletes() {
    let dir = corpus();
    let d = dir.path();
    // No index yet: watch builds it first.
    let mut w = Watch::start(d);
    assert_eq!(listed(d, "路灯"), ["yn/a.txt"]);

    fs::write(d.join("yn/new.txt"), "关于公厕的答复\n新建公厕两座。\n").unwrap();
    w.wait_for(|| listed(d, "公厕") == ["yn/new.txt"], "the new file");

    fs::rename(d.join("yn/new.txt"), d.join("moved.txt")).unwrap();
    w.wait_for(|| listed(d, "公厕") == ["moved.txt"], "the rename");

    // An editor's save: write a temporary file, rename it over the original.
    fs::write(d.join(".c.txt.tmp"), "关于校车的答复\n校车改为电动。\n").unwrap();
    fs::rename(d.join(".c.txt.tmp"), d.join("c.txt")).unwrap();
    w.wait_for(|| count(d, "电动") == 1, "the save by rename");
    assert_eq!(count(d, "两辆"), 0);

    fs::remove_file(d.join("moved.txt")).unwrap();
    w.wait_for(|| count(d, "公厕") == 0, "the delete");

    w.signal("-INT");
    assert_eq!(w.finish(), 130, "{}", w.log());
}

#[test]
fn watch_takes_a_burst_of_files_in_new_folders_and_stops_on_sigterm() {
    let dir = corpus();
    let d = dir.path();
    common::index(d);
    let mut w = Watch::start(d);
    for f in 0..10 {
        let sub = d.join(format!("crawl/{f}"));
        fs::create_dir_all(&sub).unwrap();
        for i in 0..200 {
            fs::write(
                sub.join(format!("{i}.txt")),
                format!("关于渡口的答复\n第{i}号。\n"),
            )
            .unwrap();
        }
    }
    w.wait_for(|| count(d, "渡口") == 2000, "2000 files");
    w.signal("-TERM");
    assert_eq!(w.finish(), 143, "{}", w.log());
    assert_eq!(count(d, "路灯"), 1);
}
