//! Answers you can count on: syntax typed with a Chinese input method,
//! ranked lists that go on past the exact matches (and say what a looser
//! hit lacks) while set outputs stay exact, and ranking that knows words.

mod common;

use std::fs;
use std::path::Path;

use common::{index, listed, search};
use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn json_hits(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let r = search(dir, &all);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}\n{}", r.stderr)))
        .collect()
}

/// Replies about school traffic and parking, written for these tests.
fn traffic_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "exact.txt",
        "关于加强学生交通安全教育的答复\n县教育局会同交警大队开展学生交通安全教育，安装路灯。\n",
    );
    write(
        d,
        "words.txt",
        "关于校园周边秩序的答复\n学生上下学高峰，校门口交通安全隐患突出，我局将增设信号灯。\n",
    );
    write(
        d,
        "parking.txt",
        "关于小区停车位紧张问题的答复\n老旧小区停车位紧张，我局将新建立体停车场，缓解出行困难。\n",
    );
    write(
        d,
        "lamps.txt",
        "关于增设路灯的答复\n我局将在城南新区安装路灯120盏，并新建公厕两座。\n",
    );
    write(
        d,
        "toilets.txt",
        "关于建设公厕的答复\n县城管局计划新建公厕五座，由科技厅指导设计。\n",
    );
    index(d);
    dir
}

#[test]
fn set_outputs_are_exact_and_ranked_lists_go_on_with_looser_tiers() {
    let dir = traffic_corpus();
    let d = dir.path();
    // Only one reply holds the text; the other holds its words apart.
    assert_eq!(listed(d, "学生交通安全"), ["exact.txt"]);
    assert_eq!(search(d, &["-c", "学生交通安全"]).stdout, "1\n");

    let hits = json_hits(d, &["学生交通安全"]);
    let kinds: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h["relpath"].as_str().unwrap(), h["match"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("exact.txt", "exact"), ("words.txt", "words")]);
    assert_eq!(hits[0]["missing"], serde_json::json!([]));
    assert_eq!(hits[1]["missing"], serde_json::json!(["学生交通安全"]));
    assert_eq!(hits[1]["rank"], 2);
    // --exact keeps to the exact tier.
    assert_eq!(json_hits(d, &["--exact", "学生交通安全"]).len(), 1);

    // Human output says where the looser tier starts, and what a hit lacks.
    let r = search(d, &["--color", "never", "学生交通安全"]);
    let out = &r.stdout;
    assert_eq!(r.code, 0);
    assert!(
        out.contains("── replies with every word of the query, but not the exact text ──"),
        "{out}"
    );
    assert!(out.contains("missing: 学生交通安全"), "{out}");
}

#[test]
fn a_query_with_a_word_no_reply_holds_still_finds_the_closest_and_exits_1() {
    let dir = traffic_corpus();
    let d = dir.path();
    // Nothing holds 停车难: no exact match, so -l, -c and the status say so …
    let r = search(d, &["-l", "小区 停车难"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(search(d, &["-c", "小区 停车难"]).stdout, "0\n");
    // … but the ranked list shows the reply holding some of the terms.
    let hits = json_hits(d, &["小区 停车难"]);
    assert_eq!(hits[0]["relpath"], "parking.txt", "{hits:?}");
    assert_eq!(hits[0]["match"], "partial");
    assert_eq!(hits[0]["missing"], serde_json::json!(["停车难"]));
    let r = search(d, &["小区 停车难"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("── no exact match; replies with some of the terms ──"),
        "{}",
        r.stdout
    );
}

#[test]
fn syntax_typed_with_a_chinese_input_method_means_the_same() {
    let dir = traffic_corpus();
    let d = dir.path();
    assert_eq!(listed(d, "issuer：科技"), listed(d, "issuer:科技"));
    assert_eq!(
        listed(d, "（路灯 OR 公厕） 安装"),
        ["exact.txt", "lamps.txt"]
    );
    assert_eq!(
        listed(d, "（路灯 OR 公厕） 安装"),
        listed(d, "(路灯 OR 公厕) 安装")
    );
    assert_eq!(listed(d, "“交通安全教育”"), ["exact.txt"]);
    assert_eq!(listed(d, "「交通安全教育」"), ["exact.txt"]);
    assert_eq!(listed(d, "路灯 －公厕"), ["exact.txt"]);

    // What was probably not meant is searched as typed, with a hint.
    let r = search(d, &["-c", "路灯 or 公厕"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("hint: `or` is searched as a word"),
        "{}",
        r.stderr
    );
    let r = search(d, &["-c", "isuer:科技"]);
    assert!(
        r.stderr.contains("hint: `isuer:` is no field"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_match_on_a_word_boundary_ranks_above_one_inside_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let government =
        "县人民政府高度重视，人民政府各部门协同推进，中国人民政治协商会议委员提出的建议已办理。\n";
    write(
        d,
        "gov.txt",
        &format!("关于城区绿化的答复\n{}", government.repeat(30)),
    );
    write(
        d,
        "bureau.txt",
        "关于养老服务的答复\n县民政局将完善养老服务体系。\n",
    );
    index(d);
    let hits = json_hits(d, &["民政"]);
    let order: Vec<&str> = hits
        .iter()
        .map(|h| h["relpath"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["bureau.txt", "gov.txt"]);
}

#[test]
fn a_reply_whose_proposal_title_holds_the_term_ranks_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "about.txt",
        "对县政协九届二次会议第54号提案的复函\n张三委员：\n您提出的《关于增设校车的提案》收悉。现答复如下：\n一、加强管理。\n",
    );
    let mention = "各类车辆管理工作中，校车、公交车与货车一并检查，校车也在其中。\n";
    write(
        d,
        "mention.txt",
        &format!("关于道路管理的答复\n{}", mention.repeat(5)),
    );
    index(d);
    let hits = json_hits(d, &["校车"]);
    assert_eq!(hits[0]["relpath"], "about.txt", "{hits:?}");
    let r = search(d, &["-l", "title:增设校车"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("about.txt"), "{}", r.stdout);
    let r = search(d, &["--exact", "-c", "校车"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_huge_limit_lists_every_hit_in_rank_order() {
    let dir = traffic_corpus();
    let d = dir.path();
    let hits = json_hits(d, &["--exact", "-n", "1000000", "的"]);
    let ranks: Vec<u64> = hits.iter().map(|h| h["rank"].as_u64().unwrap()).collect();
    let total: usize = search(d, &["-c", "的"]).stdout.trim().parse().unwrap();
    assert_eq!(ranks, (1..=total as u64).collect::<Vec<_>>());
}

#[test]
fn passages_and_titles_leave_out_page_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "xieban.txt",
        "首页 > 政务公开 > 建议提案办理\n| 发布机构 | 市信息中心 | 发文日期 | 2023-05-06 |\n\
         关于市政协十四届二次会议第12号提案协办意见的函\n市住建局：\n\
         我局对该提案提出协办意见如下，请统筹考虑。\n上一篇：关于路灯的答复\n扫一扫在手机打开当前页\n",
    );
    write(
        d,
        "untitled.txt",
        "类别:C\n张晓花代表:\n您提出的《关于改善农村饮水安全的建议》收悉。现答复如下：\n一、加快水厂建设。\n",
    );
    index(d);
    for q in ["kind:协办意见", "协办意见", "title:协办意见"] {
        let hits = json_hits(d, &[q]);
        let hit = hits.iter().find(|h| h["relpath"] == "xieban.txt").unwrap();
        let lines: Vec<u64> = hit["snippets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [5], "{q}: {hit}");
    }
    let hits = json_hits(d, &["饮水安全"]);
    assert_eq!(hits[0]["title"], "关于改善农村饮水安全的建议", "{hits:?}");
    let r = search(d, &["--exact", "-n", "5", "date:..2100 OR 水厂"]);
    assert!(!r.stdout.contains("张晓花代表:\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("类别:C"), "{}", r.stdout);
}
