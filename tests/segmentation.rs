//! Query-time segmentation (a jieba holding only the dictionary words a
//! query contains) must cut exactly as the full dictionary used at index
//! time. Compared on every line of the bundled corpus, on thousands of random
//! substrings of it, and on mixed scripts.

mod common;

use common::api::{normalize, segmenter_for};
use common::{Rng, repo, txt_files};
use jieba_rs::Jieba;

fn words<'a>(tokens: &[jieba_rs::Token<'a>]) -> Vec<(&'a str, usize)> {
    tokens.iter().map(|t| (t.word, t.start)).collect()
}

#[test]
fn mini_dictionary_cuts_exactly_like_the_full_one() {
    let full = Jieba::new();
    let mut samples: Vec<String> = vec![
        "科技成果转化".into(),
        "新质生产力".into(),
        "揭榜挂帅".into(),
        "GMS科技合作平台2024年5月31日".into(),
        "4s店ktv和WES-5.4.5版本".into(),
        "中华人民共和国".into(),
        "黔科提复字〔2022〕56号".into(),
        "".into(),
    ];
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    for name in txt_files(&repo().join("corpus")) {
        let text = normalize(&std::fs::read_to_string(repo().join("corpus").join(name)).unwrap());
        samples.extend(text.lines().map(str::to_string));
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..600 {
            let len = 1 + rng.below(24);
            let start = rng.below(chars.len().saturating_sub(len).max(1));
            samples.push(
                chars[start..(start + len).min(chars.len())]
                    .iter()
                    .collect(),
            );
        }
    }
    assert!(samples.len() > 3000);
    for s in &samples {
        let mini = segmenter_for(s);
        assert_eq!(
            words(&mini.cut(s, true)),
            words(&full.cut(s, true)),
            "cut {s:?} ({rng})"
        );
        assert_eq!(
            words(&mini.cut_for_search(s, true)),
            words(&full.cut_for_search(s, true)),
            "cut_for_search {s:?} ({rng})"
        );
    }
}
