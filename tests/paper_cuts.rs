//! The small things a new user hits first.

mod common;

use common::{corpus_copy, dafu, index, index_run, search};

#[test]
fn quiet_search_answers_with_its_exit_status_only() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["-q", "揭榜挂帅"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = search(dir.path(), &["-q", "量子纠缠"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

#[test]
fn sort_by_number_both_ways_and_complete_its_values() {
    let dir = corpus_copy();
    index(dir.path());
    let numbers = |key: &str| -> Vec<u64> {
        let r = search(dir.path(), &["--json", "--sort", key, "number:>0"]);
        r.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|h| h["fields"]["number"]["value"].as_u64().unwrap())
            .collect()
    };
    let up = numbers("number");
    let mut down = numbers("-number");
    assert!(up.len() >= 3 && up.is_sorted(), "{up:?}");
    down.reverse();
    assert_eq!(up, down);
    let out = dafu().args(["completions", "bash"]).output().unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("score date -date number -number"),
        "no --sort values"
    );
}

#[test]
fn titles_and_meta_lines_fit_the_terminal_width() {
    let dir = corpus_copy();
    index(dir.path());
    let out = dafu()
        .env("COLUMNS", "40")
        .args(["search", "--color", "never", "科技"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines().filter(|l| l.starts_with("    ")) {
        assert!(common::api::display_width(line) <= 40, "{line:?}");
    }
}

#[test]
fn units_and_plurals_read_right() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "关于路灯的答复\n".repeat(2000)).unwrap();
    let r = index_run(&[dir.path()], &[]);
    assert!(r.stderr.contains("; 44.0 kB in "), "{}", r.stderr);
    let r = common::run(&["export", dir.path().to_str().unwrap()]);
    assert!(r.stderr.contains("exported 1 document\n"), "{}", r.stderr);
}

#[test]
fn a_publish_date_is_marked_as_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "关于路灯的答复\n发布时间：2023-10-19\n张三委员：\n您提出的建议收悉。现答复如下：路灯已装。\n",
    )
    .unwrap();
    index(dir.path());
    let r = search(dir.path(), &["--color", "never", "路灯"]);
    assert!(r.stdout.contains("发布 2023-10-19"), "{}", r.stdout);
}

#[test]
fn export_takes_a_query_and_writes_in_path_order() {
    let dir = corpus_copy();
    index(dir.path());
    let d = dir.path().to_str().unwrap();
    let paths = |args: &[&str]| -> Vec<String> {
        let r = common::run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["relpath"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let all = paths(&["export", d]);
    assert_eq!(all.len(), 5);
    assert!(all.is_sorted(), "{all:?}");
    let some = paths(&["export", "揭榜挂帅", d]);
    assert_eq!(
        some,
        ["002_1410f8f5c1ce2d66.txt", "004_de198401c87ff685.txt"]
    );
}

#[test]
fn words_mistaken_for_a_folder_or_an_option_get_a_way_out() {
    let dir = corpus_copy();
    index(dir.path());
    let r = common::run(&["search", "交通", "安全"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("安全: no such folder (to search for several words, quote them: dafu search '交通 安全')"), "{}", r.stderr);
    let r = common::run(&["search", "-泸州", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("put it after -- (dafu search -- -泸州 DIR)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("-- -泸\n"), "{}", r.stderr);
}

#[test]
fn batch_errors_carry_the_id_and_column_and_every_query_has_a_line() {
    let dir = corpus_copy();
    index(dir.path());
    let input = "{\"id\":\"a\",\"q\":\"科技 (成果\"}\n\"量子纠缠\"\n";
    let r = common::run_stdin(
        &["search", "--batch", dir.path().to_str().unwrap()],
        input.as_bytes(),
    );
    assert_eq!(r.code, 2);
    let lines = common::json_lines(&r.stdout);
    assert_eq!(lines[0]["id"], "a", "{}", r.stdout);
    assert_eq!(lines[0]["column"], 4, "{}", r.stdout);
    assert!(!lines[0]["error"].as_str().unwrap().contains('\n'));
    assert_eq!(lines[1], serde_json::json!({"v": 1, "id": 2, "count": 0}));
    let r = search(dir.path(), &["--json", "科技 (成果"]);
    let e = &common::json_lines(&r.stdout)[0];
    assert_eq!(
        (
            e["column"].as_u64(),
            e["error"].as_str().unwrap().contains('^')
        ),
        (Some(4), false)
    );
}

#[test]
fn show_prints_a_source_line_once_for_the_fields_read_from_it() {
    let dir = corpus_copy();
    index(dir.path());
    let r = common::show(
        &dir.path().join("000_24d05db7a1763a13.txt"),
        &["--fields-only"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout
            .matches("line 1: 对政协西双版纳州十三届二次会议第5号提案的答复")
            .count(),
        1,
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("line 1 (as above)"), "{}", r.stdout);
}

#[test]
fn every_command_has_a_man_page_with_its_syntax_and_exit_status() {
    let r = common::run(&["man", "search"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH dafu-search 1"),
        "{}",
        &r.stdout[..200]
    );
    assert!(
        r.stdout.contains("issuer:") && r.stdout.contains("Exit status"),
        "no syntax"
    );
    let r = common::run(&["man", "nosuch"]);
    assert_eq!(r.code, 2);
    let dir = tempfile::tempdir().unwrap();
    let r = common::run(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "dafu.1",
        "dafu-search.1",
        "dafu-index.1",
        "dafu-stats.1",
        "dafu-show.1",
    ] {
        assert!(dir.path().join(page).is_file(), "{page}");
    }
}

#[test]
fn help_tables_line_up_in_terminal_columns() {
    let r = common::run(&["search", "--help"]);
    let block: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Query syntax"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(block.len() > 10, "{}", r.stdout);
    for line in block {
        // The description starts after a run of 2+ spaces, at column 22.
        let at = line[2..].find("  ").map(|i| i + 2).unwrap_or(0);
        let desc = line[at..].trim_start();
        let col = common::api::display_width(&line[..line.len() - desc.len()]);
        assert_eq!(col, 22, "{line:?}");
    }
}
