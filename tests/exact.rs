//! Property: a quoted query finds exactly the files a substring scan finds
//! (what `rg -F -l` finds, after width/case normalization), and a bare term
//! never finds fewer. Checked over many random substrings of a corpus built
//! from the bundled replies, recombined, re-encoded and re-cased.

mod common;

use std::fs;
use std::path::Path;

use dafu::index;
use dafu::indexer::{self, IndexOptions, Scope};
use dafu::query::Expr;
use dafu::search::IndexSearcher;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Full-width forms of ASCII letters and digits, so normalization is tested.
fn widen(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

fn build_corpus(dir: &Path, rng: &mut Rng) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in fs::read_dir(common::repo().join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    let mut texts = Vec::new();
    for i in 0..40 {
        let n = 1 + rng.below(6);
        let mut doc: Vec<String> = (0..n)
            .map(|_| lines[rng.below(lines.len())].clone())
            .collect();
        if i % 5 == 0 {
            doc.push(format!("GMS Platform {i} ＡＢＣ abc"));
        }
        let mut text = doc.join(if i % 3 == 0 { "\r\n" } else { "\n" });
        if i % 4 == 0 {
            text = widen(&text);
        }
        // Cut some documents short, mid-sentence, to vary the last character.
        if i % 7 == 0 {
            let keep = text.chars().count() / 2;
            text = text.chars().take(keep).collect();
        }
        fs::write(dir.join(format!("doc{i:02}.txt")), &text).unwrap();
        texts.push(text);
    }
    texts
}

fn random_substring(rng: &mut Rng, texts: &[String]) -> String {
    let chars: Vec<char> = texts[rng.below(texts.len())].chars().collect();
    let len = match rng.below(10) {
        0..=1 => 1,
        2..=3 => 2,
        _ => 3 + rng.below(10),
    };
    let start = rng.below(chars.len().saturating_sub(len).max(1));
    chars[start..(start + len).min(chars.len())]
        .iter()
        .collect()
}

#[test]
fn quoted_queries_match_a_substring_scan_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let texts = build_corpus(dir.path(), &mut rng);
    indexer::run(&Scope::whole(dir.path()), &IndexOptions::default()).unwrap();
    let searcher = IndexSearcher::new(index::open(dir.path()).unwrap()).unwrap();

    let mut queries: Vec<String> = (0..400)
        .map(|_| random_substring(&mut rng, &texts))
        .collect();
    // Strings that cross the end of one line into the next, and a few absent ones.
    queries.extend(
        [
            "。\n",
            "\r\n",
            "gms platform",
            "ＧＭＳ",
            "委员:",
            "量子纠缠",
            "哈哈哈哈",
            "x",
        ]
        .map(String::from),
    );
    let mut nonempty = 0;
    for q in &queries {
        let expected = common::scan(dir.path(), q);
        let exact = searcher.compile(&Expr::Phrase {
            text: q.clone(),
            field: None,
        });
        let got = searcher.paths(&exact).unwrap();
        assert_eq!(got, expected, "quoted query {q:?}");
        nonempty += usize::from(!expected.is_empty());

        // A bare term (no whitespace, no syntax) may find more, never fewer.
        if !q.chars().any(|c| c.is_whitespace()) {
            let bare = searcher.compile(&Expr::Term {
                text: q.clone(),
                field: None,
            });
            let got = searcher.paths(&bare).unwrap();
            for file in &expected {
                assert!(got.contains(file), "bare term {q:?} lost {file}");
            }
        }
    }
    // Boolean combinations of literals agree with set operations on scans.
    for pair in queries.chunks(2).take(150) {
        let [a, b] = pair else { continue };
        let (sa, sb) = (common::scan(dir.path(), a), common::scan(dir.path(), b));
        let lit = |t: &String| Expr::Phrase {
            text: t.clone(),
            field: None,
        };
        let without = Expr::And(vec![lit(a), Expr::Not(Box::new(lit(b)))]);
        let got = searcher.paths(&searcher.compile(&without)).unwrap();
        let want: Vec<String> = sa.iter().filter(|f| !sb.contains(f)).cloned().collect();
        assert_eq!(got, want, "{a:?} NOT {b:?}");
        let either = Expr::Or(vec![lit(a), lit(b)]);
        let got = searcher.paths(&searcher.compile(&either)).unwrap();
        let mut want: Vec<String> = sa.iter().chain(&sb).cloned().collect();
        want.sort();
        want.dedup();
        assert_eq!(got, want, "{a:?} OR {b:?}");
    }
    assert!(
        nonempty > 380,
        "the property must be tested on strings that occur ({nonempty})"
    );
}
