//! End-to-end tests of dafu in scripts and pipelines: `dafu export` in its
//! three formats (and the Elasticsearch/OpenSearch mapping and Quickwit
//! index config in docs/ that load it), `dafu search --batch`,
//! `dafu similar`, `dafu terms`, `dafu completions`, `dafu man` and `--help`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::*;
use serde_json::{Map, Value};

/// The `*.txt` files of the bundled corpus, by name.
fn corpus_files(dir: &Path) -> BTreeSet<String> {
    txt_files(dir).into_iter().collect()
}

/// `dafu export DIR --format FORMAT` (plus `extra` flags): its stdout,
/// after checking it succeeded and said how many documents it wrote.
fn export(dir: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", path_str(dir), "--format", format];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("exported 5 documents"), "{}", r.stderr);
    r.stdout
}

/// Every field name that some exported document carries (`v` aside).
fn exported_field_names(docs: &[Value]) -> BTreeSet<String> {
    docs.iter()
        .flat_map(|d| d.as_object().unwrap().keys().cloned())
        .filter(|k| k != "v")
        // No reply of the demo corpus states its outcome or names a county.
        .chain(["outcome", "county"].map(String::from))
        .collect()
}

fn read_doc_file(name: &str) -> Value {
    let text = fs::read_to_string(repo().join("docs").join(name))
        .unwrap_or_else(|e| panic!("docs/{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("docs/{name} is not JSON: {e}"))
}

/// Fields that hold one short string to filter and count by.
const KEYWORD_FIELDS: [&str; 14] = [
    "path",
    "relpath",
    "issuer",
    "issuer_normalized",
    "proposers",
    "addressee",
    "meeting",
    "region",
    "kind",
    "letter",
    "doc_number",
    "contact_dept",
    "contact_name",
    "contact_phone",
];

// ---------------------------------------------------------------- export

#[test]
fn export_jsonl_writes_every_reply_with_fields_and_segmented_text() {
    let dir = indexed_corpus();
    let docs = json_lines(&export(dir.path(), "jsonl", &[]));
    // Without --format, jsonl is the default.
    let r = run(&["export", path_str(dir.path())]);
    assert_eq!(r.code, 0);
    assert_eq!(json_lines(&r.stdout), docs);

    let paths: BTreeSet<String> = docs
        .iter()
        .map(|d| d["relpath"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs.len(), 5);
    assert_eq!(paths, corpus_files(dir.path()), "one line per indexed file");
    for d in &docs {
        let path = d["relpath"].as_str().unwrap();
        // `path` as search prints it: here, the folder as named, joined.
        let shown = dir.path().join(path);
        assert_eq!(d["path"], shown.to_str().unwrap(), "{path}");
        assert_eq!(d["v"], 1, "{path}");
        assert!(d["title"].as_str().is_some_and(|t| !t.is_empty()), "{path}");
        // The text is the file's text.
        let text = d["text"].as_str().unwrap();
        assert_eq!(text, fs::read_to_string(dir.path().join(path)).unwrap());
        // The segmented text: words joined by single spaces, each one a
        // piece of the normalized text (jieba cuts, it does not invent).
        let seg = d["text_seg"].as_str().unwrap();
        assert!(!seg.is_empty(), "{path}");
        assert_eq!(seg, seg.trim(), "{path}: no leading or trailing space");
        let normalized = api::normalize(text);
        let words: Vec<&str> = seg.split(' ').collect();
        assert!(words.len() > 500, "{path}: {} words", words.len());
        for w in &words {
            assert!(!w.is_empty(), "{path}: empty word (double space)");
            assert!(!w.chars().any(char::is_whitespace), "{path}: {w:?}");
            assert!(normalized.contains(w), "{path}: {w:?} not in the text");
        }
        // Search mode: the whole dictionary word and its parts are there.
        for w in ["科技", "科技成果", "转化"] {
            assert!(words.contains(&w), "{path}: no {w}");
        }
        // Absent fields are left out, never null or empty.
        for (k, v) in d.as_object().unwrap() {
            assert!(
                !v.is_null() && v != "" && v != &Value::Array(vec![]),
                "{path}: {k}"
            );
        }
    }

    let by_path: BTreeMap<&str, &Value> = docs
        .iter()
        .map(|d| (d["relpath"].as_str().unwrap(), d))
        .collect();
    let d = by_path["004_de198401c87ff685.txt"];
    assert_eq!(d["number"], 1085);
    assert_eq!(d["kind"], "提案");
    assert_eq!(d["letter"], "答复");
    assert_eq!(d["date"], "2022-06-30");
    assert_eq!(d["published"], "2022-07-25");
    assert_eq!(d["doc_number"], "黔科提复字〔2022〕56号");
    assert_eq!(d["issuer"], "省科技厅");
    assert_eq!(d["issuer_normalized"], "贵州省科学技术厅");
    assert_eq!(d["region"], "贵州省");
    assert_eq!(d["meeting"], "省政协十二届五次会议");
    assert_eq!(d["proposers"], serde_json::json!(["民建贵州省委员会"]));
    assert_eq!(
        d["title"],
        "省科技厅关于省政协十二届五次会议第1085号提案的答复"
    );
    let d = by_path["001_2ec3d92a9b4a3d62.txt"];
    assert_eq!(d["contact_dept"], "战略规划处");
    assert_eq!(d["contact_name"], "桂宝艳");
    assert_eq!(d["contact_phone"], "63104060");
    assert_eq!(d["issuer_normalized"], "云南省科学技术厅");
    assert!(d.get("number").is_none(), "001 states no proposal number");
}

#[test]
fn export_fields_agree_with_show() {
    let dir = indexed_corpus();
    for d in json_lines(&export(dir.path(), "jsonl", &[])) {
        let path = d["path"].as_str().unwrap();
        let file = dir.path().join(path);
        let r = run(&["show", "--json", path_str(&file)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let show: Value = serde_json::from_str(&r.stdout).unwrap();
        let fields = &show["fields"];
        assert_eq!(show["text"], d["text"], "{path}");
        for name in [
            "kind",
            "letter",
            "meeting",
            "number",
            "proposal_title",
            "addressee",
            "issuer",
            "region",
            "date",
            "published",
            "doc_number",
        ] {
            let shown = &fields[name]["value"];
            let exported = d.get(name).unwrap_or(&Value::Null);
            assert_eq!(exported, shown, "{path}: {name}");
        }
        for name in ["issuer_normalized", "proposers"] {
            let shown = match &fields[name] {
                Value::Array(a) if a.is_empty() => &Value::Null,
                v => v,
            };
            assert_eq!(d.get(name).unwrap_or(&Value::Null), shown, "{path}: {name}");
        }
        for part in ["dept", "name", "phone"] {
            let shown = &fields["contact"]["value"][part];
            let exported = d.get(format!("contact_{part}")).unwrap_or(&Value::Null);
            assert_eq!(exported, shown, "{path}: contact_{part}");
        }
    }
}

#[test]
fn export_es_bulk_alternates_action_and_document_lines() {
    let dir = indexed_corpus();
    let jsonl: BTreeMap<String, Value> = json_lines(&export(dir.path(), "jsonl", &[]))
        .into_iter()
        .map(|mut d| {
            d.as_object_mut().unwrap().remove("v");
            (d["relpath"].as_str().unwrap().to_string(), d)
        })
        .collect();
    for (extra, index_name) in [
        (&[][..], "dafu"),
        (&["--index-name", "replies-2024"][..], "replies-2024"),
    ] {
        let out = export(dir.path(), "es-bulk", extra);
        assert!(out.ends_with('\n'), "_bulk needs a final newline");
        let lines = json_lines(&out);
        assert_eq!(lines.len() % 2, 0, "even number of lines");
        assert_eq!(lines.len(), 2 * 5, "one pair per indexed file");
        let mut ids = BTreeSet::new();
        for pair in lines.chunks(2) {
            let (action, doc) = (&pair[0], &pair[1]);
            let action = action.as_object().unwrap();
            assert_eq!(action.keys().collect::<Vec<_>>(), ["index"], "{action:?}");
            let meta = action["index"].as_object().unwrap();
            assert_eq!(meta.len(), 2, "{meta:?}");
            assert_eq!(meta["_index"], index_name);
            let id = meta["_id"].as_str().unwrap();
            assert_eq!(doc["relpath"], id, "_id is the document's relpath");
            assert!(ids.insert(id.to_string()), "duplicate _id {id}");
            // The document is the jsonl document without "v".
            assert!(doc.get("v").is_none());
            assert!(doc.get("index").is_none());
            assert_eq!(doc, &jsonl[id], "{id}");
        }
        assert_eq!(ids, corpus_files(dir.path()));
    }
}

#[test]
fn export_quickwit_is_one_document_per_line_without_version() {
    let dir = indexed_corpus();
    let jsonl = json_lines(&export(dir.path(), "jsonl", &[]));
    let docs = json_lines(&export(dir.path(), "quickwit", &[]));
    assert_eq!(docs.len(), 5);
    for (d, j) in docs.iter().zip(&jsonl) {
        assert!(d.get("v").is_none(), "{d}");
        assert!(d.get("index").is_none(), "no action lines");
        let mut j = j.clone();
        j.as_object_mut().unwrap().remove("v");
        assert_eq!(d, &j);
    }
}

#[test]
fn export_of_an_unindexed_folder_indexes_it_first() {
    let dir = corpus_copy();
    let r = run(&["export", path_str(dir.path())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("indexing it first"), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 5);
    let r = run(&["export", path_str(dir.path()), "--format", "csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("csv"), "{}", r.stderr);
}

// ------------------------------------------------ mapping and index config

/// Is `v` a value a field of type `ty` accepts? Elasticsearch types, Quickwit
/// types, and `qw-text` for a Quickwit `text` (one string, never an array).
fn accepts(ty: &str, v: &Value) -> bool {
    let is_date = |v: &Value| {
        v.as_str().is_some_and(|s| {
            let b = s.as_bytes();
            s.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && s.chars()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        })
    };
    match ty {
        "keyword" | "text" => {
            v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
        }
        "qw-text" => v.is_string(),
        "array<text>" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "long" | "integer" => v.is_i64(),
        "u64" => v.is_u64(),
        "date" | "datetime" => is_date(v),
        _ => false,
    }
}

#[test]
fn es_mapping_maps_every_exported_field() {
    let mapping = read_doc_file("es-mapping.json");
    let dir = indexed_corpus();
    let docs = json_lines(&export(dir.path(), "quickwit", &[]));
    let exported = exported_field_names(&docs);

    // The index body has exactly two parts.
    let body = mapping.as_object().unwrap();
    assert_eq!(
        body.keys().collect::<BTreeSet<_>>(),
        BTreeSet::from([&"settings".to_string(), &"mappings".to_string()])
    );
    let props = mapping["mappings"]["properties"].as_object().unwrap();
    let mapped: BTreeSet<String> = props.keys().cloned().collect();
    assert_eq!(
        mapped, exported,
        "mapped fields vs fields dafu export writes"
    );

    // Analyzers: built in, or defined in the settings from built-in parts
    // that exist in both Elasticsearch 8 and OpenSearch 2.
    let custom = mapping["settings"]["analysis"]["analyzer"]
        .as_object()
        .unwrap();
    for (name, a) in custom {
        assert_eq!(a["type"], "custom", "{name}");
        assert!(
            ["whitespace", "standard"].contains(&a["tokenizer"].as_str().unwrap()),
            "{name}"
        );
        for f in a["filter"].as_array().unwrap() {
            assert!(
                ["lowercase", "cjk_width"].contains(&f.as_str().unwrap()),
                "{name}: {f}"
            );
        }
    }
    let known_analyzer = |a: &Value| {
        let a = a.as_str().unwrap();
        ["whitespace", "standard"].contains(&a) || custom.contains_key(a)
    };
    let check_field = |name: &str, m: &Map<String, Value>| {
        for key in ["analyzer", "search_analyzer"] {
            if let Some(a) = m.get(key) {
                assert!(known_analyzer(a), "{name}: {key} {a}");
            }
        }
    };
    for (name, m) in props {
        let m = m.as_object().unwrap();
        check_field(name, m);
        if let Some(sub) = m.get("fields") {
            for (s, sm) in sub.as_object().unwrap() {
                check_field(&format!("{name}.{s}"), sm.as_object().unwrap());
            }
        }
    }

    // The types asked for.
    assert_eq!(props["text_seg"]["type"], "text");
    assert_eq!(props["text_seg"]["analyzer"], "whitespace");
    for f in ["text", "title", "proposal_title"] {
        assert_eq!(props[f]["type"], "text", "{f}");
        assert_ne!(props[f]["index"], false, "{f} is searchable (match_phrase)");
    }
    for f in KEYWORD_FIELDS {
        assert_eq!(props[f]["type"], "keyword", "{f}");
    }
    assert!(["long", "integer"].contains(&props["number"]["type"].as_str().unwrap()));
    for f in ["date", "published"] {
        assert_eq!(props[f]["type"], "date", "{f}");
        assert_eq!(props[f]["format"], "yyyy-MM-dd", "{f}");
    }
    // Nothing only one engine has: no wildcard/flattened/match_only_text
    // field types, no ICU or smartcn plugin analyzers.
    let types: BTreeSet<&str> = props
        .values()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert!(
        types.is_subset(&BTreeSet::from([
            "text", "keyword", "long", "integer", "date"
        ])),
        "{types:?}"
    );

    // Every exported value is one its field accepts.
    for d in &docs {
        for (k, v) in d.as_object().unwrap() {
            let ty = props[k]["type"].as_str().unwrap();
            assert!(accepts(ty, v), "{}: {k} = {v} is not a {ty}", d["path"]);
        }
    }
}

#[test]
fn quickwit_config_maps_every_exported_field() {
    let config = read_doc_file("quickwit-index.json");
    let dir = indexed_corpus();
    let docs = json_lines(&export(dir.path(), "quickwit", &[]));
    let exported = exported_field_names(&docs);

    let version = config["version"].as_str().expect("version is a string");
    assert!(["0.8", "0.9"].contains(&version), "{version}");
    let index_id = config["index_id"].as_str().unwrap();
    assert!(
        index_id.len() >= 3
            && index_id.starts_with(|c: char| c.is_ascii_alphabetic())
            && index_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{index_id}"
    );
    let mapping = &config["doc_mapping"];
    assert!(["lenient", "strict", "dynamic"].contains(&mapping["mode"].as_str().unwrap()));
    let fields: BTreeMap<String, &Value> = mapping["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap().to_string(), f))
        .collect();
    assert_eq!(
        fields.len(),
        mapping["field_mappings"].as_array().unwrap().len(),
        "duplicate field names"
    );
    assert_eq!(
        fields.keys().cloned().collect::<BTreeSet<_>>(),
        exported,
        "mapped fields vs fields dafu export writes"
    );

    let tokenizers = [
        "raw",
        "raw_lowercase",
        "lowercase",
        "default",
        "en_stem",
        "whitespace",
        "chinese_compatible",
    ];
    for (name, f) in &fields {
        let ty = f["type"].as_str().unwrap();
        assert!(
            ["text", "array<text>", "u64", "datetime"].contains(&ty),
            "{name}: {ty}"
        );
        if let Some(t) = f.get("tokenizer") {
            assert!(tokenizers.contains(&t.as_str().unwrap()), "{name}: {t}");
        }
        if let Some(r) = f.get("record") {
            assert!(
                ["basic", "freq", "position"].contains(&r.as_str().unwrap()),
                "{name}"
            );
        }
    }
    assert_eq!(fields["text_seg"]["type"], "text");
    assert_eq!(fields["text_seg"]["tokenizer"], "whitespace");
    assert_ne!(
        fields["text_seg"]["record"], "basic",
        "BM25 needs frequencies"
    );
    assert_eq!(
        fields["text_seg"]["fieldnorms"], true,
        "BM25 needs fieldnorms"
    );
    for f in ["text", "title"] {
        assert_eq!(fields[f]["record"], "position", "{f}: phrase queries");
    }
    for f in KEYWORD_FIELDS {
        assert_eq!(fields[f]["tokenizer"], "raw", "{f}");
    }
    assert_eq!(fields["proposers"]["type"], "array<text>");
    assert_eq!(fields["number"]["type"], "u64");
    for f in ["date", "published"] {
        assert_eq!(fields[f]["type"], "datetime", "{f}");
        assert_eq!(
            fields[f]["input_formats"],
            serde_json::json!(["%Y-%m-%d"]),
            "{f}"
        );
    }
    // A timestamp field, when there is one, must be a fast datetime.
    if let Some(ts) = mapping.get("timestamp_field") {
        let f = fields[ts.as_str().unwrap()];
        assert_eq!(f["type"], "datetime");
        assert_eq!(f["fast"], true);
    }
    let defaults = config["search_settings"]["default_search_fields"]
        .as_array()
        .unwrap();
    assert_eq!(defaults, &["text_seg", "title"]);

    // Every exported value is one its field accepts.
    for d in &docs {
        for (k, v) in d.as_object().unwrap() {
            let ty = match fields[k]["type"].as_str().unwrap() {
                "text" => "qw-text",
                t => t,
            };
            assert!(accepts(ty, v), "{}: {k} = {v} is not a {ty}", d["path"]);
        }
    }

    // The two files agree on what is a keyword and what is full text.
    let es = read_doc_file("es-mapping.json");
    for (name, f) in &fields {
        let es_type = es["mappings"]["properties"][name]["type"].as_str().unwrap();
        let qw = (
            f["type"].as_str().unwrap(),
            f.get("tokenizer").and_then(Value::as_str),
        );
        let expected = match qw {
            ("text" | "array<text>", Some("raw")) => "keyword",
            ("text", _) => "text",
            ("u64", _) => "long",
            ("datetime", _) => "date",
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(es_type, expected, "{name}");
    }
}

#[test]
fn scale_out_guide_names_the_files_and_commands() {
    let guide = fs::read_to_string(repo().join("docs/scale-out.md")).unwrap();
    for needle in [
        "docs/es-mapping.json",
        "docs/quickwit-index.json",
        "dafu export",
        "--format es-bulk",
        "--format quickwit",
        "_bulk",
        "split -l",
        "text_seg",
        "match_phrase",
        "quickwit index create",
        "quickwit index ingest",
    ] {
        assert!(guide.contains(needle), "docs/scale-out.md lacks {needle}");
    }
}

// ----------------------------------------------------------------- batch

#[test]
fn batch_answers_plain_and_json_lines_tagged_with_ids() {
    let dir = indexed_corpus();
    let d = path_str(dir.path());
    let input = "科技成果转化\n{\"id\":\"jb\",\"q\":\"揭榜挂帅\",\"limit\":1}\n\n{\"id\":7,\"q\":\"\\\"量子纠缠\\\"\"}\n{\"q\":\"贷款贴息\"}\n";
    let r = run_stdin(&["search", "--batch", d], input.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let hits = json_lines(&r.stdout);
    let mut by_id: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for h in &hits {
        assert_eq!(h["v"], 1);
        assert!(h.get("error").is_none(), "{h}");
        by_id.entry(h["id"].to_string()).or_default().push(h);
    }
    // Plain lines are tagged with their line number, JSON lines with
    // their id (or the line number when they have none); a query without
    // hits says so with a count of 0, so every query has a line.
    assert_eq!(
        by_id.keys().map(String::as_str).collect::<Vec<_>>(),
        ["\"jb\"", "1", "5", "7"]
    );
    assert_eq!(by_id["7"].len(), 1);
    assert_eq!(by_id["7"][0]["count"], 0);
    // Each query is answered as `dafu search --json` answers it alone.
    for (id, q, limit) in [
        ("1", "科技成果转化", "10"),
        ("\"jb\"", "揭榜挂帅", "1"),
        ("5", "贷款贴息", "10"),
    ] {
        let r = search(dir.path(), &["--json", "-n", limit, q]);
        assert_eq!(r.code, 0);
        let alone = json_lines(&r.stdout);
        let batch = &by_id[id];
        assert_eq!(batch.len(), alone.len(), "{q}");
        for (b, a) in batch.iter().zip(&alone) {
            let mut b = (*b).clone();
            b.as_object_mut().unwrap().remove("id");
            assert_eq!(&b, a, "{q}");
        }
    }
    assert_eq!(by_id["\"jb\""].len(), 1, "limit 1");
    assert_eq!(by_id["1"].len(), 5);
}

#[test]
fn batch_reports_bad_lines_and_answers_the_rest() {
    let dir = indexed_corpus();
    let d = path_str(dir.path());
    let input =
        "揭榜挂帅\n科技 (成果\n\n{\"q\":1}\n{\"id\":\"ok\",\"q\":\"贷款贴息\"}\nnosuchfield:x\n";
    let r = run_stdin(&["search", "--batch", d], input.as_bytes());
    let err = &r.stderr;
    assert_eq!(r.code, 2, "a bad line makes the exit code 2");
    let lines = json_lines(&r.stdout);
    let errors: Vec<&Value> = lines.iter().filter(|l| l.get("error").is_some()).collect();
    let error_lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    // `nosuchfield:x` is text, searched as typed, with a hint on stderr.
    assert_eq!(error_lines, [2, 4]);
    assert!(err.contains("stdin line 6: hint:"), "{err}");
    for e in &errors {
        assert_eq!(e["v"], 1);
        assert!(!e["error"].as_str().unwrap().is_empty());
    }
    assert!(
        errors[0]["error"].as_str().unwrap().contains("unclosed"),
        "{}",
        errors[0]
    );
    for n in [2, 4, 6] {
        assert!(
            err.contains(&format!("line {n}")),
            "stderr names line {n}: {err}"
        );
    }
    assert_eq!(err.lines().count(), 3, "{err}");
    // The good lines around them are answered, in order.
    let ids: Vec<String> = lines
        .iter()
        .filter(|l| l.get("error").is_none())
        .map(|l| l["id"].to_string())
        .collect();
    assert_eq!(ids.first().map(String::as_str), Some("1"));
    assert_eq!(
        ids.iter().filter(|i| *i == "1").count(),
        2,
        "揭榜挂帅: 2 replies"
    );
    assert!(ids.contains(&"\"ok\"".to_string()), "{ids:?}");
}

#[test]
fn batch_count_prints_one_count_per_query() {
    let dir = indexed_corpus();
    let d = path_str(dir.path());
    let queries = ["科技成果转化", "揭榜挂帅", "\"量子纠缠\"", "region:贵州"];
    let input = queries.join("\n") + "\n";
    let r = run_stdin(&["search", "--batch", "-c", d], input.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), queries.len(), "one row per query, hits or not");
    for (i, (row, q)) in rows.iter().zip(queries).enumerate() {
        let obj = row.as_object().unwrap();
        assert_eq!(
            obj.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            BTreeSet::from(["v", "id", "count"]),
            "{row}"
        );
        assert_eq!(row["id"], i as u64 + 1);
        let r = search(dir.path(), &["-c", q]);
        assert_eq!(row["count"], r.stdout.trim().parse::<u64>().unwrap(), "{q}");
    }
    assert_eq!(rows[1]["count"], 2);
    assert_eq!(rows[2]["count"], 0);

    // Exit codes: 1 when no query has a hit, 2 when a line is bad (even
    // with hits elsewhere), 0 otherwise.
    let r = run_stdin(&["search", "--batch", "-c", d], "\"量子纠缠\"\n".as_bytes());
    assert_eq!(r.code, 1);
    assert_eq!(json_lines(&r.stdout)[0]["count"], 0);
    let r = run_stdin(&["search", "--batch", "-c", d], "科技\n(\n".as_bytes());
    assert_eq!(r.code, 2);
    let r = run_stdin(&["search", "--batch", d], b"");
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "no queries, no hits");
}

#[test]
fn batch_survives_a_line_that_is_not_utf8() {
    let dir = indexed_corpus();
    let r = run_stdin(
        &["search", "--batch", "-c", path_str(dir.path())],
        b"\xff\xfe\n\xe6\x8f\xad\xe6\xa6\x9c\xe6\x8c\x82\xe5\xb8\x85\n",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert_eq!(rows[0]["line"], 1);
    assert_eq!(rows[1]["count"], 2);
}

// ------------------------------------------------------- similar and terms

#[test]
fn similar_never_lists_the_reply_itself() {
    let dir = indexed_corpus();
    for name in corpus_files(dir.path()) {
        let file = dir.path().join(&name);
        let r = run(&["similar", "--json", path_str(&file)]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let hits = json_lines(&r.stdout);
        assert!(!hits.is_empty(), "{name}");
        let mut last = f64::INFINITY;
        for (i, h) in hits.iter().enumerate() {
            assert_eq!(h["v"], 1);
            assert_eq!(h["rank"], i as u64 + 1);
            assert_ne!(h["relpath"], name.as_str(), "{name} is similar to itself");
            let rel = h["relpath"].as_str().unwrap();
            assert!(dir.path().join(rel).is_file(), "{rel}");
            assert_eq!(h["path"], path_str(&dir.path().join(rel)));
            let score = h["score"].as_f64().unwrap();
            assert!(score > 0.0 && score <= last, "{name}: scores descend");
            last = score;
        }
    }
    // 001 shares words with every other reply; -n limits.
    let file = dir.path().join("001_2ec3d92a9b4a3d62.txt");
    let r = run(&["similar", "--json", path_str(&file)]);
    assert_eq!(r.code, 0);
    assert_eq!(json_lines(&r.stdout).len(), 4);
    let r = run(&["similar", "--json", "-n", "2", path_str(&file)]);
    assert_eq!(r.code, 0);
    assert_eq!(json_lines(&r.stdout).len(), 2);

    // Human output: ranked paths, never the file itself.
    let r = run(&["similar", "--color", "never", path_str(&file)]);
    let out = &r.stdout;
    assert_eq!(r.code, 0);
    assert!(out.starts_with(" 1. "), "{out}");
    assert!(!out.contains("001_2ec3d92a9b4a3d62.txt"), "{out}");
    for other in ["000_", "002_", "003_", "004_"] {
        assert!(out.contains(other), "{other}: {out}");
    }
    assert!(!out.contains('\x1b'), "no colour when asked");
}

#[test]
fn similar_of_a_missing_file_or_one_outside_any_index_without_a_folder_is_an_error() {
    let dir = indexed_corpus();
    let r = run(&["similar", path_str(&dir.path().join("nope.txt"))]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("nope.txt"), "{}", r.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("a.txt"), "科技成果转化").unwrap();
    // A file outside any index is compared with the index found as search
    // finds it: here there is none, and the error says how to name one.
    let r = common::env::command()
        .current_dir(elsewhere.path())
        .args(["similar", "a.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("no dafu index here"), "{err}");
}

#[test]
fn terms_rows_in_json_and_human_output() {
    let dir = indexed_corpus();
    let d = path_str(dir.path());
    let r = run(&["terms", "--json", "揭榜挂帅", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 20, "default limit");
    let mut last = f64::INFINITY;
    let mut words = BTreeSet::new();
    for row in &rows {
        let obj = row.as_object().unwrap();
        assert_eq!(
            obj.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            BTreeSet::from(["v", "word", "score", "docs", "of", "corpus_docs"]),
            "{row}"
        );
        assert_eq!(row["v"], 1);
        let word = row["word"].as_str().unwrap();
        assert!(word.chars().count() >= 2, "{word}");
        assert!(words.insert(word.to_string()), "{word} twice");
        assert_eq!(row["of"], 2, "揭榜挂帅 matches 2 replies");
        let docs = row["docs"].as_u64().unwrap();
        let corpus_docs = row["corpus_docs"].as_u64().unwrap();
        assert!(
            (1..=2).contains(&docs) && (docs..=5).contains(&corpus_docs),
            "{row}"
        );
        let score = row["score"].as_f64().unwrap();
        // The documented score: share of the set × ln((N+1)/(df+1)).
        let expected = docs as f64 / 2.0 * ((5.0 + 1.0) / (corpus_docs as f64 + 1.0)).ln();
        assert!(
            (score - expected).abs() < 1e-9,
            "{row}: expected {expected}"
        );
        assert!(score <= last, "scores descend");
        last = score;
        // The word really is in (docs of) the matching replies.
        let hits = search(dir.path(), &["-c", &format!("揭榜挂帅 \"{word}\"")]);
        assert_eq!(hits.code, 0, "{word}");
        assert!(hits.stdout.trim().parse::<u64>().unwrap() >= docs, "{word}");
    }

    // Human output: one row per word, same words, same order.
    let r = run(&["terms", "揭榜挂帅", d]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.lines().count(), rows.len());
    for (line, row) in r.stdout.lines().zip(&rows) {
        let word = row["word"].as_str().unwrap();
        assert!(line.contains(word), "{line}");
        let counts = format!(
            "in {}/2 replies, {} in corpus",
            row["docs"], row["corpus_docs"]
        );
        assert!(line.contains(&counts), "{line}");
    }

    // Without a query: the whole corpus; -n limits; no match exits 1.
    let r = run(&["terms", "--json", "-n", "3", d]);
    assert_eq!(r.code, 0);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|row| row["of"] == 5));
    let r = run(&["terms", "\"量子纠缠\"", d]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

// --------------------------------------------- completions, man and help

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("dafu"), "{shell}");
        for sub in ["search", "similar", "export", "batch"] {
            assert!(r.stdout.contains(sub), "{shell} completes {sub}");
        }
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("tcsh"), "{}", r.stderr);
}

#[test]
fn man_prints_a_roff_page() {
    let r = run(&["man"]);
    let out = &r.stdout;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        out.starts_with(".ie") || out.starts_with(".TH"),
        "{}",
        &out[..40.min(out.len())]
    );
    assert!(out.contains(".TH dafu 1"), "section 1 page for dafu");
    assert!(out.contains(".SH NAME"));
    for sub in [
        "search",
        "index",
        "similar",
        "terms",
        "export",
        "completions",
    ] {
        assert!(out.contains(sub), "man page lists {sub}");
    }
}

#[test]
fn help_shows_examples_and_exit_status() {
    let r = run(&["--help"]);
    let out = &r.stdout;
    assert_eq!(r.code, 0);
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("dafu search"), "{out}");
    assert!(out.contains("Exit status"), "{out}");

    let r = run(&["search", "--help"]);
    let out = &r.stdout;
    assert_eq!(r.code, 0);
    let status = &out[out.find("Exit status").expect("exit status in --help")..];
    for code in ["0 at least one hit", "1 no hits", "2 error"] {
        assert!(status.contains(code), "{status}");
    }
    assert!(out.contains("科技成果转化"), "query examples: {out}");
    for flag in [
        "--batch",
        "--files-with-matches",
        "--count",
        "--null",
        "--json",
    ] {
        assert!(out.contains(flag), "{flag}");
    }
    for sub in ["similar", "terms", "export"] {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}");
        assert!(
            r.stdout.contains("--json") || r.stdout.contains("--format"),
            "{sub}: {}",
            r.stdout
        );
    }
    let r = run(&["export", "--help"]);
    assert!(r.stdout.contains("docs/scale-out.md"), "{}", r.stdout);
    for f in ["jsonl", "es-bulk", "quickwit"] {
        assert!(r.stdout.contains(f), "{f}");
    }
}
