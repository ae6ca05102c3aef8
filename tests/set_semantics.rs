//! Set outputs mean what was typed: for random queries of bare and quoted
//! terms (cross-word strings and single characters among them) combined
//! with AND, OR and NOT, `-l` lists exactly the files a substring scan
//! finds, combined with the same set algebra (as `rg -F` would).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{copy_tree, repo, scan};
use dafu::index;
use dafu::indexer::{self, IndexOptions, Scope};
use dafu::search::IndexSearcher;

/// A seeded SplitMix64: the same queries on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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
        let text = &texts[rng.below(texts.len())];
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
    let mut term = |rng: &mut Rng| -> (String, BTreeSet<String>) {
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
    indexer::run(&Scope::whole(root), &IndexOptions::default()).unwrap();
    let searcher = IndexSearcher::new(index::open(root).unwrap()).unwrap();
    let texts: Vec<Vec<char>> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap().chars().collect())
        .collect();

    let seed = 0x5EED_0011;
    let mut rng = Rng(seed);
    let mut nonempty = 0;
    for i in 0..400 {
        let (q, want) = random_query(&mut rng, &texts, root);
        let expr = dafu::query::parse(&q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        let compiled = searcher.compile(&expr);
        let got: BTreeSet<String> = searcher.paths(&compiled).unwrap().into_iter().collect();
        assert_eq!(got, want, "query {i} {q:?} (seed {seed:#x})");
        assert_eq!(searcher.count(&compiled).unwrap(), want.len(), "{q:?}");
        nonempty += usize::from(!want.is_empty());
        // The command line agrees, for a sample.
        if i % 25 == 0 {
            let (code, out, err) = common::search(root, &["-l", "--", &q]);
            let listed: BTreeSet<String> = out.lines().map(String::from).collect();
            let want_paths: BTreeSet<String> = want
                .iter()
                .map(|rel| root.join(rel).to_string_lossy().into_owned())
                .collect();
            assert_eq!(listed, want_paths, "dafu search -l {q:?}: {err}");
            assert_eq!(code, if want.is_empty() { 1 } else { 0 }, "{q:?}");
        }
    }
    assert!(
        nonempty > 150,
        "the property must be tested on queries that match ({nonempty})"
    );
}
