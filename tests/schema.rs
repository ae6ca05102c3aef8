//! Every JSON output of dafu, produced for real on the bundled corpus,
//! validates against its schema in docs/schema/.

mod common;

use common::*;
use jsonschema::Registry;
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = repo().join("docs/schema").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The validator of schema `name`, with `reply-fields.json` resolvable.
fn validator(name: &str) -> jsonschema::Validator {
    let fields = load("reply-fields.json");
    let registry = Registry::new()
        .add(fields["$id"].as_str().unwrap(), fields.clone())
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_registry(&registry)
        .build(&load(name))
        .unwrap()
}

/// Validate every line of `out` against the schema `name`; returns how
/// many lines there were.
fn check_lines(name: &str, out: &str) -> usize {
    let validator = validator(name);
    let mut n = 0;
    for line in out.lines() {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}\n{line}");
        n += 1;
    }
    n
}

#[test]
fn every_json_output_follows_its_schema() {
    let dir = corpus_copy();
    index(dir.path());
    let d = dir.path().to_str().unwrap();

    assert_eq!(
        check_lines(
            "search-hit.json",
            &run(&["search", "--json", "科技成果转化", d]).stdout
        ),
        5
    );
    assert!(
        check_lines(
            "search-hit.json",
            &run(&["search", "--json", "issuer:科技厅 -揭榜挂帅", d]).stdout
        ) > 0
    );
    assert_eq!(
        check_lines(
            "search-hit.json",
            &run(&["search", "--json", "\"量子纠缠\"", d]).stdout
        ),
        0
    );
    assert_eq!(
        check_lines(
            "count.json",
            &run(&["search", "--json", "-c", "揭榜挂帅", d]).stdout
        ),
        1
    );
    assert_eq!(
        check_lines(
            "error.json",
            &run(&["search", "--json", "科技 (", d]).stdout
        ),
        1
    );
    let file = dir.path().join("004_de198401c87ff685.txt");
    let file = file.to_str().unwrap();
    assert_eq!(
        check_lines("show.json", &run(&["show", "--json", file]).stdout),
        1
    );
    assert_eq!(
        check_lines(
            "show.json",
            &run(&["show", "--json", "--fields-only", file]).stdout
        ),
        1
    );
    assert!(check_lines("search-hit.json", &run(&["similar", "--json", file]).stdout) > 0);
    for by in [
        "issuer",
        "year",
        "meeting",
        "region",
        "kind",
        "outcome",
        "year,issuer",
    ] {
        assert!(
            check_lines(
                "stats-row.json",
                &run(&["stats", "--json", "--by", by, d]).stdout
            ) > 0
        );
    }
    assert!(
        check_lines(
            "terms-row.json",
            &run(&["terms", "--json", "科技", d]).stdout
        ) > 0
    );
    assert_eq!(
        check_lines("export-doc.json", &run(&["export", d]).stdout),
        5
    );
    let quickwit = run(&["export", "--format", "quickwit", d]).stdout;
    assert_eq!(check_lines("export-doc.json", &quickwit), 5);
    let bulk = run(&["export", "--format", "es-bulk", d]).stdout;
    let docs: String = bulk
        .lines()
        .skip(1)
        .step_by(2)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(check_lines("export-doc.json", &docs), 5);

    // Batch: hits tagged with ids, per-query counts, and errors for bad lines.
    let batch = |extra: &[&str], input: &str| -> String {
        let args: Vec<&str> = ["search", "--batch"]
            .iter()
            .chain(extra)
            .chain(&[d])
            .copied()
            .collect();
        run_stdin(&args, input.as_bytes()).stdout
    };
    let out = batch(
        &[],
        "揭榜挂帅\n{\"id\":\"x\",\"q\":\"number:1085\",\"limit\":1}\n科技 (\n",
    );
    let (errors, hits): (Vec<&str>, Vec<&str>) = out.lines().partition(|l| l.contains("\"error\""));
    assert_eq!(check_lines("search-hit.json", &hits.join("\n")), 3);
    assert_eq!(check_lines("error.json", &errors.join("\n")), 1);
    assert_eq!(
        check_lines("count.json", &batch(&["-c"], "揭榜挂帅\n科技\n")),
        2
    );

    // A reply copied into a subfolder: one cluster of two.
    let first = txt_files(dir.path()).remove(0);
    std::fs::create_dir(dir.path().join("copy")).unwrap();
    std::fs::copy(
        dir.path().join(&first),
        dir.path().join("copy").join(&first),
    )
    .unwrap();
    assert_eq!(
        check_lines("dups.json", &run(&["dups", "--json", d]).stdout),
        1
    );
}

#[test]
fn the_schemas_reject_what_dafu_must_not_print() {
    let hit = validator("search-hit.json");
    let no_version = serde_json::json!({"rank": 1, "path": "a", "relpath": "a", "title": "", "score": 1.0, "snippets": [], "fields": null});
    assert!(!hit.is_valid(&no_version));
    let count = jsonschema::validator_for(&load("count.json")).unwrap();
    assert!(!count.is_valid(&serde_json::json!({"v": 1, "count": -1})));
}
