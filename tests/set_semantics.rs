//! Set outputs mean what was typed: for random queries of bare and quoted
//! terms (cross-word strings and single characters among them) combined
//! with AND, OR and NOT, `-l` lists exactly the files a substring scan
//! finds, combined with the same set algebra (as `rg -F` would).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::api::{self, Searcher};
use common::{Rng, copy_tree, repo, scan, search, txt_files};

/// A term as the query language reads it back unchanged: no whitespace,
/// no syntax (parentheses, quotes, a leading `-`, `name:`), no operator.
fn usable_bare(t: &str) -> bool {
    let syntax =
        |c: char| c.is_whitespace() || "()（）\"＂“”‘’「」『』:：\\".contains(c) || c.is_control();
    !t.is_empty()
        && !t.chars().any(syntax)
        && !t.starts_with(['-', '－'])
        && !["OR", "AND", "NOT", "||", "&&"].contains(&t)
}

fn usable_quoted(t: &str) -> bool {
    !t.trim().is_empty() && !t.chars().any(|c| "\"＂\\".contains(c) || c.is_control())
}

/// A random substring of 1 to 6 characters of one of the texts, mostly
/// from what the files hold, sometimes changed so that it occurs nowhere.
fn random_term(rng: &mut Rng, texts: &[Vec<char>], bare: bool) -> String {
    loop {
        let text = rng.pick(texts);
        let len = 1 + rng.below(6);
        if text.len() <= len {
            continue;
        }
        let start = rng.below(text.len() - len);
        let mut t: String = text[start..start + len].iter().collect();
        if rng.below(10) == 0 {
            t.push('鼎');
        }
        if (bare && usable_bare(&t)) || (!bare && usable_quoted(&t)) {
            return t;
        }
    }
}

/// A query and the files it must list, from scans of its terms.
fn random_query(rng: &mut Rng, texts: &[Vec<char>], dir: &Path) -> (String, BTreeSet<String>) {
    let term = |rng: &mut Rng| -> (String, BTreeSet<String>) {
        let bare = rng.below(3) > 0;
        let t = random_term(rng, texts, bare);
        let files: BTreeSet<String> = scan(dir, &t).into_iter().collect();
        (if bare { t } else { format!("\"{t}\"") }, files)
    };
    let (a, sa) = term(rng);
    let (b, sb) = term(rng);
    let (c, sc) = term(rng);
    match rng.below(6) {
        0 => (a, sa),
        1 => (format!("{a} {b}"), &sa & &sb),
        2 => (format!("{a} OR {b}"), &sa | &sb),
        3 => (format!("{a} -{b}"), &sa - &sb),
        4 => (format!("({a} OR {b}) {c}"), &(&sa | &sb) & &sc),
        _ => (format!("{a} NOT ({b} OR {c})"), &sa - &(&sb | &sc)),
    }
}

#[test]
fn listed_files_equal_a_substring_scan_for_random_queries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(&repo().join("corpus"), root);
    copy_tree(&repo().join("tests/fixtures/replies"), &root.join("more"));
    api::index_in_process(root);
    let searcher = Searcher::open(root);
    let texts: Vec<Vec<char>> = txt_files(root)
        .iter()
        .map(|rel| {
            std::fs::read_to_string(root.join(rel))
                .unwrap()
                .chars()
                .collect()
        })
        .collect();

    let mut rng = Rng::new(0x5EED_0011);
    let mut nonempty = 0;
    for i in 0..400 {
        let (q, want) = random_query(&mut rng, &texts, root);
        let expr = api::parse(&q);
        let got: BTreeSet<String> = searcher.paths(&expr).into_iter().collect();
        assert_eq!(got, want, "query {i} {q:?} ({rng})");
        assert_eq!(searcher.count(&expr), want.len(), "{q:?} ({rng})");
        nonempty += usize::from(!want.is_empty());
        // The command line agrees, for a sample.
        if i % 25 == 0 {
            let r = search(root, &["-l", "--", &q]);
            let listed: BTreeSet<String> = r.stdout.lines().map(String::from).collect();
            let want_paths: BTreeSet<String> = want
                .iter()
                .map(|rel| root.join(rel).to_string_lossy().into_owned())
                .collect();
            assert_eq!(
                listed, want_paths,
                "dafu search -l {q:?} ({rng}): {}",
                r.stderr
            );
            assert_eq!(r.code, if want.is_empty() { 1 } else { 0 }, "{q:?}");
        }
    }
    assert!(
        nonempty > 150,
        "the property must be tested on queries that match ({nonempty}, {rng})"
    );
}
