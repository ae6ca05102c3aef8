//! End-to-end tests of the fields people ask by: meetings matched on their
//! parts, agencies by any name, the stated outcome, and `dafu stats`
//! cross-tables in every format. The replies are made up for the tests.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// Six made-up replies, each written a different way.
const REPLIES: &[(&str, &str)] = &[
    (
        "a.txt",
        "丘北县交通运输局关于丘北县第十六届人民代表大会第二次会议第7号代表建议的答复\n\
         张三代表：\n\
         您提出的《关于修建村道的建议》收悉，现答复如下：\n\
         村道已列入明年计划。\n\
         办复类别：A\n\
         丘北县交通运输局\n\
         2023年6月1日\n",
    ),
    (
        "b.txt",
        "对县政协九届委员会第三次会议第12号提案的答复（B类）\n\
         李四委员：\n\
         您提出的《关于更新图书的提案》收悉，现答复如下：\n\
         图书更新正在进行。\n\
         林口县教体局\n\
         2022年5月6日\n",
    ),
    (
        "c.txt",
        "平阳县教育体育局关于政协平阳县十届五次会议第3号提案的答复函\n\
         王五委员：\n\
         您提出的《关于校车的提案》收悉，现答复如下：\n\
         校车线路已调整。\n\
         平阳县教育体育局\n\
         2023年8月9日\n",
    ),
    (
        "d.txt",
        "类别:C\n\
         关于政协昆明市第十四届二次会议第8号提案的答复\n\
         赵六委员：\n\
         您提出的《关于老旧小区的提案》收悉，现答复如下：\n\
         因资金所限，暂不能解决。\n\
         昆明市住建局\n\
         2023年7月2日\n",
    ),
    (
        "e.txt",
        "泸阳市科学技术局对市政协九届三次会议第114号提案答复的函\n\
         民建泸阳市委：\n\
         你们提出的《关于揭榜挂帅的提案》收悉，现答复如下：\n\
         办法已出台。\n\
         泸阳市科学技术局\n\
         2022年9月1日\n",
    ),
    (
        "f.txt",
        "省发改委关于十四届全国人大二次会议第100号建议的答复\n\
         滇发改复〔2024〕1号\n\
         钱七代表：\n\
         您提出的《关于铁路的建议》收悉，现答复如下：\n\
         项目已开工。\n\
         2024年3月1日\n",
    ),
];

fn corpus() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in REPLIES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    index(dir.path());
    dir
}

/// The files (a, b, …) a query lists, sorted.
fn found(dir: &Path, query: &str) -> Vec<String> {
    let mut names: Vec<String> = listed(dir, query)
        .iter()
        .map(|p| p.trim_end_matches(".txt").to_string())
        .collect();
    names.sort();
    names
}

fn stats(dir: &Path, args: &[&str]) -> Run {
    dafu().arg("stats").args(args).arg(dir).run()
}

#[test]
fn meeting_queries_match_the_parts_however_written() {
    let dir = corpus();
    let d = dir.path();
    for (query, want) in [
        ("meeting:十六届二次", &["a"][..]),
        ("meeting:16届2次", &["a"]),
        ("meeting:第十六届第二次", &["a"]),
        ("meeting:第十六届人民代表大会第二次会议", &["a"]),
        ("meeting:六届二次", &[]),
        ("meeting:人大", &["a", "f"]),
        ("meeting:人民代表大会", &["a", "f"]),
        ("meeting:政协", &["b", "c", "d", "e"]),
        ("meeting:九届三次", &["b", "e"]),
        ("meeting:九届委员会第三次会议", &["b", "e"]),
        ("meeting:昆明 十四届", &["d"]),
        ("meeting:\"昆明 十四届\"", &["d"]),
        ("meeting:(昆明 十四届)", &["d"]),
        ("meeting:全国人大", &["f"]),
        ("meeting:泸阳", &["e"]),
        ("meeting:林口县政协", &["b"]),
        ("meeting:平阳县政协十届五次", &["c"]),
    ] {
        assert_eq!(found(d, query), want, "{query}");
    }
}

#[test]
fn meetings_are_counted_by_a_label_with_the_place() {
    let dir = corpus();
    let r = stats(dir.path(), &["--by", "meeting", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut keys: Vec<String> = json_lines(&r.stdout)
        .iter()
        .map(|row| row["key"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "丘北县人大十六届二次",
            "全国人大十四届二次",
            "平阳县政协十届五次",
            "昆明市政协十四届二次",
            "林口县政协九届三次",
            "泸阳市政协九届三次",
        ]
    );
    let shown = show(&dir.path().join("a.txt"), &["--json", "--fields-only"]);
    let doc: Value = serde_json::from_str(&shown.stdout).unwrap();
    let parts = &doc["fields"]["meeting_parts"];
    assert_eq!(parts["body"], "人大");
    assert_eq!(parts["level"], "县");
    assert_eq!(parts["place"], "丘北县");
    assert_eq!(
        (parts["term"].as_u64(), parts["session"].as_u64()),
        (Some(16), Some(2))
    );
}

#[test]
fn issuer_queries_find_an_agency_by_any_name() {
    let dir = corpus();
    let d = dir.path();
    for (query, want) in [
        ("issuer:教体局", &["b", "c"][..]),
        ("issuer:教育体育局", &["b", "c"]),
        ("issuer:林口县教育体育局", &["b"]),
        ("issuer:平阳县教体局", &["c"]),
        ("issuer:住房和城乡建设局", &["d"]),
        ("issuer:住建", &["d"]),
        ("issuer:交通局", &["a"]),
        ("issuer:科技局", &["e"]),
        ("issuer:发展和改革委员会", &["f"]),
        ("issuer:云南省发改委", &["f"]),
    ] {
        assert_eq!(found(d, query), want, "{query}");
    }
    let r = stats(d, &["--by", "issuer", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut issuers: Vec<String> = csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(|rec| rec.unwrap()[0].to_string())
        .collect();
    issuers.sort();
    assert_eq!(
        issuers,
        [
            "丘北县交通运输局",
            "云南省发展和改革委员会",
            "平阳县教育体育局",
            "昆明市住房和城乡建设局",
            "林口县教育体育局",
            "泸阳市科学技术局",
        ]
    );
}

#[test]
fn outcome_is_queried_and_counted_where_stated() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(found(d, "outcome:A"), ["a"]);
    assert_eq!(found(d, "outcome:b"), ["b"]);
    assert_eq!(found(d, "outcome:C类"), ["d"]);
    assert_eq!(found(d, "outcome:D"), Vec::<String>::new());
    assert_eq!(found(d, "-outcome:A 提案"), ["b", "c", "d", "e"]);
    let r = stats(d, &["--by", "outcome", "--format", "tsv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(rows[0], "outcome\tcount");
    assert_eq!(rows[1], "(unknown)\t3");
    assert_eq!(rows.len(), 5);
}

#[test]
fn two_keys_make_a_cross_table_in_csv() {
    let dir = corpus();
    let r = stats(dir.path(), &["--by", "year,issuer", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "year");
    assert_eq!(header.len(), 1 + 6, "one column per agency");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let years: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(years, ["2022", "2023", "2024"], "years in order");
    let cell = |year: &str, issuer: &str| -> usize {
        let j = header.iter().position(|h| h == issuer).unwrap();
        let row = rows.iter().find(|r| &r[0] == year).unwrap();
        row[j].parse().unwrap()
    };
    assert_eq!(cell("2023", "丘北县交通运输局"), 1);
    assert_eq!(cell("2022", "丘北县交通运输局"), 0);
    assert_eq!(cell("2022", "林口县教育体育局"), 1);
    let total: usize = rows
        .iter()
        .flat_map(|r| {
            r.iter()
                .skip(1)
                .map(|c| c.parse::<usize>().unwrap())
                .collect::<Vec<_>>()
        })
        .sum();
    assert_eq!(total, REPLIES.len());
}

#[test]
fn cross_tables_for_people_and_programs() {
    let dir = corpus();
    let d = dir.path();
    let r = stats(d, &["--by", "year,outcome"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("year \\ outcome"), "{}", r.stdout);
    assert!(lines[0].ends_with("(unknown)  total"), "{}", r.stdout);
    assert!(lines.last().unwrap().starts_with("total"), "{}", r.stdout);
    // --json and --format jsonl: one object per non-empty cell.
    for flag in [&["--json"][..], &["--format", "jsonl"]] {
        let r = stats(d, &[&["--by", "kind,year"][..], flag].concat());
        let rows = json_lines(&r.stdout);
        assert!(
            rows.iter()
                .all(|row| row["by"] == serde_json::json!(["kind", "year"]))
        );
        let total: u64 = rows.iter().map(|row| row["count"].as_u64().unwrap()).sum();
        assert_eq!(total, REPLIES.len() as u64);
    }
    // A query narrows the table; bad --by values are errors.
    let r = stats(
        d,
        &["issuer:教体局", "--by", "year,kind", "--format", "csv"],
    );
    assert_eq!(r.stdout, "year,提案\n2022,1\n2023,1\n");
    assert_eq!(stats(d, &["--by", "year,year"]).code, 2);
    assert_eq!(stats(d, &["--by", "year,kind,issuer"]).code, 2);
    assert_eq!(stats(d, &["--by", "colour"]).code, 2);
    assert_eq!(stats(d, &["outcome:D", "--by", "year"]).code, 1);
}

#[test]
fn regions_match_at_every_level_and_ambiguous_names_are_not_guessed() {
    let dir = corpus();
    let d = dir.path();
    let opening = "孙八委员：\n您提出的《关于学校的提案》收悉，现答复如下：\n已办。\n";
    let chaoyang = format!("{opening}朝阳区教育局\n2023年1月2日\n");
    std::fs::write(d.join("g.txt"), &chaoyang).unwrap();
    std::fs::write(d.join("h.txt"), format!("{chaoyang}京ICP备05012345号\n")).unwrap();
    index(d);
    for (query, want) in [
        ("region:云南", &["a", "d", "f"][..]),
        ("region:云南省", &["a", "d", "f"]),
        ("region:文山", &["a"]),
        ("region:文山州", &["a"]),
        ("region:文山壮族苗族自治州", &["a"]),
        ("region:丘北", &["a"]),
        ("region:黑龙江", &["b"]),
        ("region:牡丹江", &["b"]),
        ("region:浙江", &["c"]),
        ("region:朝阳", &["g", "h"]),
        ("region:北京", &["h"]),
        ("region:吉林", &[]),
    ] {
        assert_eq!(found(d, query), want, "{query}");
    }
    let r = stats(d, &["--by", "province", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<(String, usize)> = csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[1].parse().unwrap())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("云南省".to_string(), 3),
            ("(unknown)".to_string(), 2),
            ("北京市".to_string(), 1),
            ("浙江省".to_string(), 1),
            ("黑龙江省".to_string(), 1),
        ]
    );
    let r = stats(d, &["region:云南", "--by", "prefecture", "--json"]);
    let keys: Vec<Value> = json_lines(&r.stdout)
        .iter()
        .map(|r| r["key"].clone())
        .collect();
    assert!(
        keys.contains(&Value::from("文山壮族苗族自治州")),
        "{keys:?}"
    );
    assert!(keys.contains(&Value::from("昆明市")), "{keys:?}");
    assert!(
        keys.contains(&Value::Null),
        "a province-level reply has no prefecture"
    );
    let shown = show(&d.join("a.txt"), &["--json", "--fields-only"]);
    let doc: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(doc["fields"]["division"]["code"], "532626");
    assert_eq!(doc["fields"]["division"]["county"], "丘北县");
}
