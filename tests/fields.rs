//! End-to-end tests of reply fields: extraction as stored in the index
//! (`dafu show`), field queries, sorting and `dafu stats`.

mod common;

use common::*;
use serde_json::Value;

/// `dafu show --json --fields-only FILE`, which must succeed.
fn fields_of(path: &std::path::Path) -> Value {
    let r = show(path, &["--json", "--fields-only"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn value(doc: &Value, field: &str) -> Value {
    doc["fields"][field]["value"].clone()
}

#[test]
fn the_five_replies_fields_are_stored_with_their_lines() {
    let dir = corpus_copy();
    index(dir.path());
    let d = fields_of(&dir.path().join("000_24d05db7a1763a13.txt"));
    assert_eq!(value(&d, "meeting"), "政协西双版纳州十三届二次会议");
    assert_eq!(value(&d, "number"), 5);
    assert_eq!(value(&d, "addressee"), "陈燕萍3位委员");
    assert_eq!(d["fields"]["proposers"], serde_json::json!(["陈燕萍"]));
    assert_eq!(value(&d, "issuer"), "西双版纳州科技局");
    assert_eq!(value(&d, "published"), "2023-10-19");
    assert_eq!(
        value(&d, "proposal_title"),
        "关于提升重点产业科技成果产业化率的建议"
    );
    // The mangled signature date 202397 splits only one way.
    assert_eq!(value(&d, "date"), "2023-09-07");
    assert_eq!(d["fields"]["date"]["source"], "202397");

    let d = fields_of(&dir.path().join("001_2ec3d92a9b4a3d62.txt"));
    assert!(
        d["fields"]["title"].is_null(),
        "001 opens with the addressee"
    );
    assert_eq!(value(&d, "issuer"), "云南省科学技厅");
    assert_eq!(d["fields"]["issuer_normalized"], "云南省科学技术厅");
    assert_eq!(value(&d, "date"), "2024-05-31");
    assert_eq!(value(&d, "contact")["phone"], "63104060");
    assert_eq!(value(&d, "contact")["name"], "桂宝艳");

    let d = fields_of(&dir.path().join("002_1410f8f5c1ce2d66.txt"));
    assert_eq!(value(&d, "issuer"), "泸州市科学技术局");
    assert_eq!(value(&d, "meeting"), "市政协九届三次会议");
    assert_eq!(value(&d, "number"), 114);
    assert_eq!(value(&d, "letter"), "答复的函");
    assert_eq!(value(&d, "addressee"), "民建泸州市委");

    let d = fields_of(&dir.path().join("003_032a5aed1bd1ca86.txt"));
    assert_eq!(value(&d, "meeting"), "政协昆明市第十四届二次会议");
    assert_eq!(value(&d, "number"), 142194);
    assert_eq!(value(&d, "date"), "2023-06-19");
    assert_eq!(value(&d, "region"), "昆明市");

    let d = fields_of(&dir.path().join("004_de198401c87ff685.txt"));
    assert_eq!(value(&d, "doc_number"), "黔科提复字〔2022〕56号");
    assert_eq!(value(&d, "region"), "贵州省");
    assert_eq!(value(&d, "date"), "2022-06-30");
    assert_eq!(d["fields"]["date"]["line"], 57);
    assert_eq!(value(&d, "contact")["phone"], "0851-85815654");
}

#[test]
fn other_shapes_of_the_genre() {
    let dir = fixture_copy("replies");
    index(dir.path());
    let d = fields_of(&dir.path().join("renda_jianyi.txt"));
    assert_eq!(value(&d, "kind"), "建议");
    assert_eq!(value(&d, "meeting"), "市十七届人大三次会议");
    assert_eq!(value(&d, "number"), 23);
    assert_eq!(value(&d, "date"), "2022-03-08", "full-width digits");
    assert_eq!(d["fields"]["proposers"], serde_json::json!(["王芳"]));
    let d = fields_of(&dir.path().join("yian.txt"));
    assert_eq!(value(&d, "kind"), "议案");
    assert_eq!(value(&d, "date"), "2023-12-05", "Chinese numerals");
    let d = fields_of(&dir.path().join("wenhao.txt"));
    assert_eq!(value(&d, "doc_number"), "浙教提复〔2023〕12号");
    assert_eq!(value(&d, "date"), "2023-05-31");
    // A text with no fields at all is still indexed and searchable.
    let d = fields_of(&dir.path().join("nofields.txt"));
    assert!(
        d["fields"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v.is_null() || v == &serde_json::json!([]))
    );
    let r = search(dir.path(), &["-l", "柳树"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("nofields.txt"));
}

fn ids(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let r = search(dir, args);
    assert!(!r.stderr.contains("bad query"), "{}", r.stderr);
    r.stdout
        .lines()
        .filter(|l| l.contains(".txt"))
        .map(|l| l.rsplit('/').next().unwrap()[..3].to_string())
        .collect()
}

#[test]
fn field_queries_filter_and_combine() {
    let dir = corpus_copy();
    index(dir.path());
    let d = dir.path();
    assert_eq!(ids(d, &["-l", "issuer:科技厅"]), ["001", "004"]);
    assert_eq!(
        ids(d, &["-l", "issuer:云南省科技厅"]),
        ["001"],
        "normalized form"
    );
    assert_eq!(ids(d, &["-l", "proposer:杨建林"]), ["001"]);
    assert_eq!(ids(d, &["-l", "meeting:十三届二次"]), ["000"]);
    assert_eq!(ids(d, &["-l", "number:1085"]), ["004"]);
    assert_eq!(ids(d, &["-l", "number:100..200"]), ["002"]);
    assert_eq!(ids(d, &["-l", "date:2023"]), ["000", "003"]);
    assert_eq!(ids(d, &["-l", "date:2023-01..2023-06"]), ["003"]);
    assert_eq!(ids(d, &["-l", "date:>=2024-01-01"]), ["001", "002"]);
    assert_eq!(ids(d, &["-l", "region:贵州"]), ["004"]);
    assert_eq!(ids(d, &["-l", "kind:答复的函"]), ["002", "003"]);
    assert_eq!(ids(d, &["-l", "doc:黔科"]), ["004"]);
    assert_eq!(ids(d, &["-l", "揭榜挂帅 date:2024"]), ["002"]);
    assert_eq!(ids(d, &["-l", "issuer:科技厅 -date:2022"]), ["001"]);
    assert_eq!(ids(d, &["-l", "number:5 OR number:114"]), ["000", "002"]);
    let r = search(d, &["date:2023-13"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a date"), "{}", r.stderr);
}

#[test]
fn sort_by_date_and_number() {
    let dir = corpus_copy();
    index(dir.path());
    let d = dir.path();
    assert_eq!(
        ids(d, &["--sort", "-date", "科技"]),
        ["002", "001", "000", "003", "004"]
    );
    assert_eq!(
        ids(d, &["--sort", "date", "科技"]),
        ["004", "003", "000", "001", "002"]
    );
    // 001 has no number: last.
    assert_eq!(
        ids(d, &["--sort", "number", "科技"]),
        ["000", "002", "004", "003", "001"]
    );
    let r = search(d, &["--sort", "size", "科技"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("possible values: score, date, -date, number, -number"),
        "{}",
        r.stderr
    );
}

#[test]
fn human_hits_carry_a_meta_line_and_json_hits_all_fields() {
    let dir = corpus_copy();
    index(dir.path());
    let r = search(dir.path(), &["number:1085"]);
    assert!(
        r.stdout
            .contains("2022-06-30 · 省科技厅 · 第1085号 · 民建贵州省委员会"),
        "{}",
        r.stdout
    );
    let r = search(dir.path(), &["--json", "number:1085"]);
    let hit: Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        hit["fields"]["doc_number"]["value"],
        "黔科提复字〔2022〕56号"
    );
}

#[test]
fn stats_count_by_field() {
    let dir = corpus_copy();
    index(dir.path());
    let d = path_str(dir.path());
    let r = run(&["stats", "--by", "year", d]);
    assert_eq!(r.code, 0);
    let text = r.stdout;
    assert_eq!(text.lines().next().unwrap(), "2  2023", "{text}");
    let rows = json_lines(&run(&["stats", "--json", "--by", "issuer", "科技成果转化", d]).stdout);
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 5);
    assert!(
        rows.iter()
            .any(|r| r["key"] == "贵州省科学技术厅" && r["count"] == 1)
    );
    assert!(
        rows.iter().any(|r| r["key"].is_null()),
        "003 names no issuer"
    );
    assert_eq!(run(&["stats", "\"量子纠缠\"", d]).code, 1);
}

#[test]
fn show_prints_fields_with_their_lines_and_the_text() {
    let dir = corpus_copy();
    index(dir.path());
    let text = show(&dir.path().join("002_1410f8f5c1ce2d66.txt"), &[]).stdout;
    assert!(text.contains("number: 114"), "{text}");
    assert!(text.contains("line 1: 泸州市科学技术局对市政协九届三次会议第114号提案答复的函"));
    assert!(
        text.contains("如已完成请点击"),
        "the text follows the fields"
    );
    assert_eq!(show(&dir.path().join("nope.txt"), &[]).code, 2);
}
