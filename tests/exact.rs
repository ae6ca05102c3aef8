//! Property: a quoted query finds exactly the files a substring scan finds
//! (what `rg -F -l` finds, after width/case normalization), and a bare term
//! never finds fewer. Checked over many random substrings of a corpus built
//! from the bundled replies, recombined, re-encoded and re-cased.

mod common;

use std::fs;
use std::path::Path;

use common::api::{self, Expr, Searcher, phrase, term};
use common::{Rng, corpus_lines, scan};

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
    let lines = corpus_lines();
    let mut texts = Vec::new();
    for i in 0..40 {
        let n = 1 + rng.below(6);
        let mut doc: Vec<String> = (0..n).map(|_| rng.pick(&lines).clone()).collect();
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
    let chars: Vec<char> = rng.pick(texts).chars().collect();
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
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let texts = build_corpus(dir.path(), &mut rng);
    api::index_in_process(dir.path());
    let searcher = Searcher::open(dir.path());

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
        let expected = scan(dir.path(), q);
        let got = searcher.paths(&phrase(q));
        assert_eq!(got, expected, "quoted query {q:?} ({rng})");
        nonempty += usize::from(!expected.is_empty());

        // A bare term (no whitespace, no syntax) finds the same files:
        // segmentation ranks, it never decides membership.
        if !q.chars().any(|c| c.is_whitespace()) {
            let got = searcher.paths(&term(q));
            assert_eq!(got, expected, "bare term {q:?} ({rng})");
        }
    }
    // Boolean combinations of literals agree with set operations on scans.
    for pair in queries.chunks(2).take(150) {
        let [a, b] = pair else { continue };
        let (sa, sb) = (scan(dir.path(), a), scan(dir.path(), b));
        let without = Expr::And(vec![phrase(a), Expr::Not(Box::new(phrase(b)))]);
        let got = searcher.paths(&without);
        let want: Vec<String> = sa.iter().filter(|f| !sb.contains(f)).cloned().collect();
        assert_eq!(got, want, "{a:?} NOT {b:?} ({rng})");
        let either = Expr::Or(vec![phrase(a), phrase(b)]);
        let got = searcher.paths(&either);
        let mut want: Vec<String> = sa.iter().chain(&sb).cloned().collect();
        want.sort();
        want.dedup();
        assert_eq!(got, want, "{a:?} OR {b:?} ({rng})");
    }
    assert!(
        nonempty > 380,
        "the property must be tested on strings that occur ({nonempty}, {rng})"
    );
}
