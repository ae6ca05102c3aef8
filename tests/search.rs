//! End-to-end tests of `dafu index` and `dafu search` on the bundled corpus
//! and on fixtures.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn readme_demo_indexes_on_first_search() {
    let dir = corpus_copy();
    let r = search(dir.path(), &["科技成果转化"]);
    let err = &r.stderr;
    assert_eq!(r.code, 0, "{err}");
    assert!(err.contains("indexing it first"), "{err}");
    assert!(err.contains("5 indexed"), "{err}");
    assert!(dir.path().join(".dafu/manifest.json").is_file());
    // All five replies are about 科技成果转化.
    assert_eq!(r.stdout.matches(".txt").count(), 5, "{}", r.stdout);
    // A second search reuses the index silently.
    let r = search(dir.path(), &["科技成果转化"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn jiebang_guashuai_finds_exactly_the_two_replies() {
    let dir = corpus_copy();
    index(dir.path());
    for q in ["揭榜挂帅", "\"揭榜挂帅\""] {
        let r = search(dir.path(), &["-l", q]);
        assert_eq!(r.code, 0);
        let expected: Vec<String> = scan(dir.path(), "揭榜挂帅")
            .iter()
            .map(|r| dir.path().join(r).to_string_lossy().into_owned())
            .collect();
        assert_eq!(expected.len(), 2);
        assert_eq!(r.stdout.lines().collect::<Vec<_>>(), expected);
    }
}

#[test]
fn exit_codes_follow_grep() {
    let dir = corpus_copy();
    index(dir.path());
    assert_eq!(search(dir.path(), &["科技"]).code, 0);
    let r = search(dir.path(), &["\"量子纠缠\""]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (1, "", ""));
    let r = search(dir.path(), &["科技 (成果"]);
    let err = &r.stderr;
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        err.contains("bad query") && err.contains("unclosed"),
        "{err}"
    );
    assert!(err.contains('^'), "{err}");
    // A word that looks like an unknown field is text, with a hint.
    let r = search(dir.path(), &["nosuchfield:x"]);
    let err = &r.stderr;
    assert_eq!(r.code, 1);
    assert!(err.contains("hint:") && err.contains("no field"), "{err}");
    let r = run(&["search", "x", "/no/such/dir"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no such folder"), "{}", r.stderr);
    assert_eq!(run(&["search", "--limit", "many", "x"]).code, 2);
}

#[test]
fn json_lines_parse_and_highlights_point_at_matches() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["--json", "-n", "3", "科技成果转化"]);
    assert_eq!(r.code, 0);
    let hits: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 3);
    for (i, h) in hits.iter().enumerate() {
        assert_eq!(h["v"], 1);
        assert_eq!(h["rank"], i as u64 + 1);
        assert!(h["score"].as_f64().unwrap() > 0.0);
        let rel = h["relpath"].as_str().unwrap();
        assert!(dir.path().join(rel).is_file());
        assert!(h["path"].as_str().unwrap().ends_with(rel));
        assert!(h["title"].is_string());
        let snippets = h["snippets"].as_array().unwrap();
        assert!(!snippets.is_empty());
        for s in snippets {
            let text: Vec<char> = s["text"].as_str().unwrap().chars().collect();
            for r in s["highlights"].as_array().unwrap() {
                let (a, b) = (
                    r[0].as_u64().unwrap() as usize,
                    r[1].as_u64().unwrap() as usize,
                );
                let marked: String = text[a..b].iter().collect();
                assert!(
                    ["科技成果转化", "科技成果", "转化"]
                        .iter()
                        .any(|n| marked.contains(n)),
                    "{marked}"
                );
            }
        }
    }
    // Zero hits print nothing.
    let r = search(dir.path(), &["--json", "\"量子纠缠\""]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

#[test]
fn encodings_are_decoded_and_bad_files_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["encodings", "bad"] {
        copy_tree(
            &repo().join("tests/fixtures").join(sub),
            &dir.path().join(sub),
        );
    }
    let r = index_run(&[dir.path()], &[]);
    let err = &r.stderr;
    assert_eq!(r.code, 0, "{err}");
    assert!(
        err.contains("4 indexed") && err.contains("3 skipped"),
        "{err}"
    );
    assert!(err.contains("bad/binary.txt: binary file"), "{err}");
    assert!(err.contains("bad/empty.txt: empty file"), "{err}");
    assert!(err.contains("bad/undecodable.txt: not text"), "{err}");
    for (q, file) in [
        ("冷链物流", "encodings/gbk.txt"),
        ("智慧养老", "encodings/utf16le.txt"),
        ("河道治理", "encodings/utf16be.txt"),
        ("\"AI大模型\"", "encodings/utf8bom.txt"),
        ("ai", "encodings/utf8bom.txt"),
    ] {
        let r = search(dir.path(), &["-l", q]);
        assert_eq!(r.code, 0, "{q}");
        assert_eq!(
            r.stdout.trim(),
            dir.path().join(file).to_string_lossy(),
            "{q}"
        );
    }
    // The snippet shows the original (full-width) text, not the normalized one.
    let r = search(dir.path(), &["--json", "ai"]);
    let hit: Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert!(hit["title"].as_str().unwrap().contains("ＡＩ"));
}

#[test]
fn boolean_operators_and_title_field() {
    let dir = corpus_copy();
    index(dir.path());
    let l = |q: &str| -> Vec<String> {
        // `--` lets a query start with `-`, as with grep.
        let r = search(dir.path(), &["-l", "--", q]);
        r.stdout
            .lines()
            .map(|p| p.rsplit('/').next().unwrap()[..3].to_string())
            .collect()
    };
    assert_eq!(l("揭榜挂帅"), ["002", "004"]);
    assert_eq!(l("揭榜挂帅 -泸州"), ["004"]);
    assert_eq!(l("揭榜挂帅 NOT 泸州"), ["004"]);
    assert_eq!(l("\"黔科提复字\" OR 西双版纳"), ["000", "004"]);
    assert_eq!(l("(黔科提复字 OR 西双版纳) 揭榜挂帅"), ["004"]);
    assert_eq!(l("title:答复的函"), ["002", "003"]);
    // A reply without a title line is titled by its proposal's title, not
    // by its addressee line (杨建林委员).
    assert_eq!(l("title:\"委员\""), Vec::<String>::new());
    assert_eq!(l("title:\"新质生产力\""), ["001"]);
    assert_eq!(l("-科技"), Vec::<String>::new());
    assert_eq!(l("-揭榜挂帅").len(), 3);
    // Without `--`, a leading `-` is an option, and an unknown one an error.
    let r = search(dir.path(), &["-揭榜挂帅"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // Attached short values are options, not queries.
    let r = search(dir.path(), &["-n1", "揭榜挂帅"]);
    assert_eq!((r.code, r.stdout.matches(".txt").count()), (0, 1));
}

#[test]
fn a_folder_inside_an_index_searches_that_index_within_the_folder() {
    let dir = corpus_copy();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(
        dir.path().join("002_1410f8f5c1ce2d66.txt"),
        sub.join("x.txt"),
    )
    .unwrap();
    index(dir.path());
    let out = dafu()
        .current_dir(dir.path())
        .args(["search", "-l", "揭榜挂帅", "sub"])
        .run()
        .stdout;
    assert_eq!(out, "sub/x.txt\n");
    assert!(!sub.join(".dafu").exists(), "no nested index");
    let out = dafu()
        .current_dir(&sub)
        .args(["search", "-c", "揭榜挂帅", "."])
        .run()
        .stdout;
    assert_eq!(out, "1\n");
    let out = dafu()
        .current_dir(&sub)
        .args(["search", "-l", "揭榜挂帅", "../sub/."])
        .run()
        .stdout;
    assert_eq!(out, "../sub/x.txt\n");
}

#[test]
fn count_null_offset_limit_and_explain() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["-c", "揭榜挂帅"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "2\n"));
    let r = search(dir.path(), &["-c", "--json", "揭榜挂帅"]);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap()["count"],
        2
    );
    let r = search(dir.path(), &["-c", "\"量子纠缠\""]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "0\n"));
    let r = search(dir.path(), &["-l0", "揭榜挂帅"]);
    assert_eq!(r.stdout.matches('\0').count(), 2);
    assert!(!r.stdout.contains('\n'));
    let ranks = |args: &[&str]| -> Vec<u64> {
        let r = search(dir.path(), args);
        r.stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["rank"]
                    .as_u64()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(ranks(&["--json", "-n", "2", "科技"]), [1, 2]);
    assert_eq!(
        ranks(&["--json", "-n", "2", "--offset", "3", "科技"]),
        [4, 5]
    );
    assert_eq!(search(dir.path(), &["--offset", "10", "科技"]).code, 0);
    let r = search(dir.path(), &["--explain", "科技成果转化 -\"贷款\""]);
    let err = &r.stderr;
    assert!(err.contains("pieces [科技成果 | 转化]"), "{err}");
    assert!(
        err.contains("NOT") && err.contains("exact \"贷款\""),
        "{err}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["揭榜挂帅"]);
    assert!(!r.stdout.contains('\x1b'), "no colour in a pipe");
    let r = search(dir.path(), &["--color", "always", "揭榜挂帅"]);
    assert!(
        r.stdout.contains("\x1b[1;31m揭榜挂帅\x1b[0m"),
        "{}",
        r.stdout
    );
    let r = search(dir.path(), &["--color", "never", "揭榜挂帅"]);
    assert!(!r.stdout.contains('\x1b'));
}

#[test]
fn human_output_shows_rank_path_title_and_fitted_snippets() {
    let dir = corpus_copy();
    index(dir.path());
    let out = dafu()
        .current_dir(dir.path())
        .env("COLUMNS", "60")
        .args(["search", "揭榜挂帅", "."])
        .run()
        .stdout;
    let first: Vec<&str> = out.lines().take(3).collect();
    assert!(
        first[0].starts_with(" 1. ") && first[0].contains(".txt"),
        "{out}"
    );
    assert!(
        first[1].starts_with("    ") && first[1].contains("答复"),
        "{out}"
    );
    for line in out.lines().filter(|l| l.contains("揭榜挂帅")) {
        let width: usize = api::display_width(line);
        assert!(
            width <= 60 || line == first[1],
            "too wide ({width}): {line}"
        );
    }
}

#[test]
fn index_is_found_from_subfolders_and_dafu_index() {
    let dir = corpus_copy();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    index(dir.path());
    // From a subfolder, as with ripgrep, the search is of that folder…
    let r = dafu()
        .current_dir(dir.path().join("sub"))
        .args(["search", "-l", "揭榜挂帅"])
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    // … and the whole index is one flag away.
    let out = dafu()
        .current_dir(dir.path().join("sub"))
        .args(["search", "-l", "--root", "揭榜挂帅"])
        .run()
        .stdout;
    assert_eq!(
        out,
        "../002_1410f8f5c1ce2d66.txt\n../004_de198401c87ff685.txt\n"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = dafu()
        .current_dir(elsewhere.path())
        .env("DAFU_INDEX", dir.path())
        .args(["search", "-c", "揭榜挂帅"])
        .run()
        .stdout;
    assert_eq!(out, "2\n");
    let r = dafu()
        .current_dir(elsewhere.path())
        .args(["search", "x"])
        .run();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no dafu index"), "{}", r.stderr);
}

#[test]
fn reindex_picks_up_changes_and_removals() {
    let dir = corpus_copy();
    index(dir.path());
    std::fs::write(dir.path().join("new.txt"), "关于量子纠缠的答复\n内容").unwrap();
    std::fs::remove_file(dir.path().join("002_1410f8f5c1ce2d66.txt")).unwrap();
    let r = index_run(&[dir.path()], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 indexed, 4 unchanged, 1 removed, 0 skipped"),
        "{}",
        r.stderr
    );
    assert_eq!(search(dir.path(), &["-c", "量子纠缠"]).stdout, "1\n");
    assert_eq!(search(dir.path(), &["-c", "揭榜挂帅"]).stdout, "1\n");
}

#[test]
fn huge_limits_and_offsets_are_answered_not_allocated() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["--offset", "999999999999", "科技"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = search(dir.path(), &["-n", "99999999999", "--sort", "date", "科技"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.matches(".txt").count(), 5);
    let r = search(dir.path(), &["-n", "0", "科技"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn extreme_sizes_and_explicit_files_never_lose_documents() {
    let dir = corpus_copy();
    let d = dir.path();
    let r = index_run(&[d], &["-q", "--max-file-size", "18446744073709551615"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(search(d, &["-c", "科技"]).stdout, "5\n");
    // A file named explicitly (another extension) stays after a whole-folder run.
    std::fs::write(d.join("note.md"), "关于量子纠缠的答复\n").unwrap();
    let r = index_run(&[&d.join("note.md")], &["-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(search(d, &["-c", "量子纠缠"]).stdout, "1\n");
    let r = index_run(&[d], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("0 removed"), "{}", r.stderr);
    assert_eq!(search(d, &["-c", "量子纠缠"]).stdout, "1\n");
    std::fs::remove_file(d.join("note.md")).unwrap();
    let r = index_run(&[d], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 removed"), "{}", r.stderr);
}

#[test]
fn an_empty_dafu_index_is_unset() {
    let dir = corpus_copy();
    index(dir.path());
    let out = dafu()
        .current_dir(dir.path())
        .env("DAFU_INDEX", "")
        .args(["search", "-c", "揭榜挂帅"])
        .run()
        .stdout;
    assert_eq!(out, "2\n");
}
