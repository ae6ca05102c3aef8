//! `dafu dups` and `--collapse`, end to end: a reply republished by
//! another portal is a copy; another reply of the same agency, with the
//! same set phrases, is not.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

/// A reply of 马关县交通运输局 about one road.
const ROAD: &str = "马关县交通运输局关于马关县第十八届人大二次会议第124号建议的答复函\n\
杨开顺代表：\n\
你提出的关于解决八寨镇夹马石村委会下寨小组至湾子寨村委会丫咪黑村小组公路硬化的建议，\
已交我局研究办理，现答复如下：\n\
加大农村公路建设和改善道路通行条件是我局义不容辞的责任，近几年来，我们按照一个村小组\
至少有一条通村硬化路的目标和原则，大力解决群众出行难问题。目前，主要是在修建全县还未通\
硬化路的进村路，你所提的建议暂不能解决，只能纳入项目库，待上级有这方面的投资，我们将优先\
解决。同时我们也将积极向上级汇报，多方争取项目或资金，争取在2024年底前得到解决。\n\
感谢你对交通运输工作的关心和支持，希望以后多提宝贵意见，以利于我们改进交通运输工作。\n\
马关县交通运输局\n\
2023年8月8日\n\
联系人及电话：杨谦堂，15126801666\n";

/// Another reply of the same agency, same frame and set phrases, another
/// answer.
const BUS: &str = "马关县交通运输局关于马关县第十八届人大二次会议第131号建议的答复函\n\
杨开顺代表：\n\
你提出的关于开通县城至都龙镇城乡公交线路的建议，已交我局研究办理，现答复如下：\n\
城乡客运一体化是方便群众出行的民生工程。我局已会同都龙镇人民政府对沿线客流进行调查，\
县城至都龙镇日均往返旅客约六百人次，现有两家客运企业经营班线客车十二辆，发车间隔较长。\
下一步，我局将指导企业优化班次，在赶集日加密发车，并研究将部分班线改为公交化运营，\
票价按照城乡公交标准执行，力争明年一季度试运行。\n\
感谢你对交通运输工作的关心和支持，希望以后多提宝贵意见，以利于我们改进交通运输工作。\n\
马关县交通运输局\n\
2023年8月10日\n\
联系人及电话：杨谦堂，15126801666\n";

/// A reply of another agency on another subject.
const SCHOOL: &str = "县教育体育局关于加快农村教师周转房建设的提案的答复\n\
陈国兴委员：\n\
您提出的关于加快农村教师周转房建设的提案收悉，现答复如下：\n\
教师周转房是解决农村偏远学校教师临时住宿的重要举措，我局已将十一所学校列入明年建设计划，\
新建周转房二百四十套，资金由省级专项和县级配套共同承担。\n\
县教育体育局\n\
2017年7月4日\n";

/// `ROAD` as a city portal shows it: breadcrumbs, source and publish line,
/// full-width digits, half-width commas, lines wrapped at 30 characters,
/// print and close buttons, a footer.
fn republished(text: &str) -> String {
    let body: String = text
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            '，' => ',',
            c => c,
        })
        .collect();
    let mut wrapped = String::new();
    for line in body.lines() {
        let chars: Vec<char> = line.chars().collect();
        for piece in chars.chunks(30) {
            wrapped.extend(piece);
            wrapped.push('\n');
        }
    }
    format!(
        "首页 > 政务公开 > 建议提案办理\n\
         来源：马关县人民政府  发布时间：2024-01-03  浏览次数：312\n\n\
         {wrapped}\n【打印本页】 【关闭窗口】\n\
         版权所有：马关县人民政府 滇ICP备05001234号\n"
    )
}

/// A folder with the road reply, its copy in `portal/`, the bus reply and
/// the school one.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("portal")).unwrap();
    fs::write(d.join("road.txt"), ROAD).unwrap();
    fs::write(d.join("portal/road.txt"), republished(ROAD)).unwrap();
    fs::write(d.join("bus.txt"), BUS).unwrap();
    fs::write(d.join("school.txt"), SCHOOL).unwrap();
    index(d);
    dir
}

fn dups(dir: &Path, flags: &[&str]) -> Run {
    let mut args = vec!["dups"];
    args.extend(flags);
    args.push(path_str(dir));
    run(&args)
}

#[test]
fn a_republished_copy_is_listed_and_a_sibling_reply_is_not() {
    let dir = corpus();
    let d = dir.path();
    let r = dups(d, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let clusters = json_lines(&r.stdout);
    assert_eq!(clusters.len(), 1, "{}", r.stdout);
    let c = &clusters[0];
    assert_eq!(c["v"], 1);
    assert_eq!(
        c["relpaths"],
        serde_json::json!(["portal/road.txt", "road.txt"])
    );
    // Paths as search prints them.
    let listed = search(d, &["-l", "夹马石"]).stdout;
    let paths: Vec<&str> = listed.lines().collect();
    assert_eq!(c["paths"], serde_json::json!(paths));
    let similarity = c["similarity"].as_f64().unwrap();
    assert!((0.9..=1.0).contains(&similarity), "{similarity}");

    let human = dups(d, &[]).stdout;
    let lines: Vec<&str> = human.lines().collect();
    assert!(lines[0].starts_with("2 copies, similarity 0.9"), "{human}");
    assert_eq!(&lines[1..], paths.as_slice(), "{human}");
    assert!(!human.contains("bus.txt"), "{human}");
}

#[test]
fn no_copies_exit_1_and_a_subfolder_sees_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("road.txt"), ROAD).unwrap();
    fs::write(dir.path().join("bus.txt"), BUS).unwrap();
    index(dir.path());
    let r = dups(dir.path(), &[]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);

    let dir = corpus();
    let r = dups(&dir.path().join("portal"), &["--json"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
}

#[test]
fn collapse_keeps_one_reply_per_cluster_in_sets_and_ranked_lists() {
    let dir = corpus();
    let d = dir.path();
    let count = |flags: &[&str]| {
        let mut args = vec!["-c", "夹马石"];
        args.extend(flags);
        search(d, &args).stdout.trim().to_string()
    };
    assert_eq!(count(&[]), "2");
    assert_eq!(count(&["--collapse"]), "1");

    // Sets keep the earliest path.
    let listed = search(d, &["-l", "--collapse", "夹马石"]).stdout;
    assert_eq!(listed.lines().count(), 1);
    assert!(listed.trim_end().ends_with("portal/road.txt"), "{listed}");

    // Ranked lists keep the best-ranked copy, and rank what is left.
    let hits = |flags: &[&str]| {
        let mut args = vec!["--json", "交通运输"];
        args.extend(flags);
        json_lines(&search(d, &args).stdout)
    };
    let all = hits(&[]);
    let collapsed = hits(&["--collapse"]);
    assert_eq!(all.len(), 3);
    assert_eq!(collapsed.len(), 2);
    assert_eq!(collapsed[0]["relpath"], all[0]["relpath"]);
    let ranks: Vec<&Value> = collapsed.iter().map(|h| &h["rank"]).collect();
    assert_eq!(ranks, [1, 2]);
    let second = hits(&["--collapse", "-n", "1", "--offset", "1"]);
    assert_eq!(second.len(), 1);
    assert_eq!(second[0]["relpath"], collapsed[1]["relpath"]);
    assert_eq!(second[0]["rank"], 2);
}

#[test]
fn collapse_counts_stats_and_terms_once_per_cluster() {
    let dir = corpus();
    let d = path_str(dir.path());
    let total = |args: &[&str]| -> u64 {
        json_lines(&run(args).stdout)
            .iter()
            .map(|row| row["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(total(&["stats", "--json", "交通运输", d]), 3);
    assert_eq!(total(&["stats", "--json", "--collapse", "交通运输", d]), 2);
    let of = |args: &[&str]| json_lines(&run(args).stdout)[0]["of"].clone();
    assert_eq!(of(&["terms", "--json", "交通运输", d]), 3);
    assert_eq!(of(&["terms", "--json", "--collapse", "交通运输", d]), 2);
}

#[test]
fn the_clusters_follow_the_index() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(dups(d, &[]).code, 0);
    // Cached beside the index.
    assert!(d.join(".dafu/dups-cache.json").is_file());
    // A copy removed: the next command updates the index, and the cache
    // made of the old one is not used.
    fs::remove_file(d.join("portal/road.txt")).unwrap();
    let r = dups(d, &[]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    fs::write(d.join("copy.txt"), republished(ROAD)).unwrap();
    let r = dups(d, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        json_lines(&r.stdout)[0]["relpaths"],
        serde_json::json!(["copy.txt", "road.txt"])
    );
    // A damaged cache is computed again, never trusted.
    let cache = d.join(".dafu/dups-cache.json");
    fs::write(&cache, "{not json").unwrap();
    assert_eq!(dups(d, &[]).code, 0);
    // So is one that kept its key but names a document past a segment's
    // end (no panic reading it).
    let mut json: Value = serde_json::from_slice(&fs::read(&cache).unwrap()).unwrap();
    json["groups"] = serde_json::json!([[[0, 4_000_000], [0, 0]]]);
    fs::write(&cache, json.to_string()).unwrap();
    let r = dups(d, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json_lines(&r.stdout)[0]["relpaths"][0], "copy.txt");
}

#[test]
fn export_paths_mean_what_search_paths_mean() {
    let dir = corpus();
    let parent = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    let lines = |args: &[&str]| {
        let r = dafu().current_dir(parent).args(args).run();
        assert_eq!(r.code, 0, "{}", r.stderr);
        json_lines(&r.stdout)
    };
    let exported = lines(&["export", "夹马石", name]);
    let found = lines(&["search", "--json", "夹马石", name]);
    let pairs = |docs: &[Value]| {
        let mut p: Vec<(Value, Value)> = docs
            .iter()
            .map(|d| (d["path"].clone(), d["relpath"].clone()))
            .collect();
        p.sort_by_key(|(a, _)| a.to_string());
        p
    };
    assert_eq!(pairs(&exported), pairs(&found));
    assert_eq!(exported[0]["path"], format!("{name}/portal/road.txt"));
    assert_eq!(exported[0]["relpath"], "portal/road.txt");
}
