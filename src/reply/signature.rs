//! The near-duplicate signature of one reply: a one-permutation MinHash of
//! the 5-character shingles of its body, with the page around it removed
//! and its formatting flattened.
//!
//! Two copies of a reply republished by different portals differ in page
//! chrome (breadcrumbs, 来源/发布时间 lines, 打印本页 关闭窗口), in digit
//! width and in line wrapping. Chrome lines are dropped, and what is left
//! is reduced to its letters, digits and Han characters (width-folded,
//! lowercased), so wrapping, spacing and punctuation do not count. The
//! fraction of equal slots of two signatures estimates the Jaccard
//! similarity of the two shingle sets.

use super::is_page_chrome;
use crate::analysis::normalize::normalize_char;

/// Characters per shingle. Five Han characters are about two words: long
/// enough that two different replies share few shingles beyond their
/// common phrases, short enough that one changed character costs only
/// five shingles.
pub const SHINGLE: usize = 5;

/// Slots (MinHash values) per signature.
pub const SLOTS: usize = 128;

/// Bytes of a stored signature: each slot keeps 16 bits of its minimum
/// (b-bit MinHash: unequal minima agree by chance once in 65,536, a
/// negligible bias; half the space of 32 bits, so twice the slots).
pub const BYTES: usize = SLOTS * 2;

/// A text whose shingles fill fewer slots than this (fewer than about 20
/// distinct shingles: a body of a couple of dozen characters) says too
/// little to call two texts the same reply: it gets no signature and is
/// never clustered.
pub const MIN_FILLED: usize = 18;

/// A reply's signature: the minimum hash in each of [`SLOTS`] slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u16; SLOTS]);

impl Signature {
    /// The stored form: [`BYTES`] bytes, little-endian slots.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The signature stored as `bytes`, if that is one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != BYTES {
            return None;
        }
        let mut slots = [0u16; SLOTS];
        for (slot, pair) in slots.iter_mut().zip(bytes.chunks_exact(2)) {
            *slot = u16::from_le_bytes([pair[0], pair[1]]);
        }
        Some(Signature(slots))
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share
    /// of equal slots.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let equal = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        equal as f32 / SLOTS as f32
    }
}

/// The signature of a reply's text, or `None` when its body is too short
/// to tell (see [`MIN_FILLED`]).
pub fn signature(text: &str) -> Option<Signature> {
    let chars = content(text);
    if chars.len() < SHINGLE {
        return None;
    }
    let mut minima = [u64::MAX; SLOTS];
    let mut window = [0u8; SHINGLE * 4];
    for shingle in chars.windows(SHINGLE) {
        for (i, c) in shingle.iter().enumerate() {
            window[i * 4..i * 4 + 4].copy_from_slice(&(*c as u32).to_le_bytes());
        }
        let h = xxhash_rust::xxh3::xxh3_64(&window);
        // One permutation: the top bits choose the slot, the rest compete
        // for its minimum. One hash per shingle instead of one per slot.
        let slot = (h >> (64 - SLOT_BITS)) as usize;
        let rest = h & (u64::MAX >> SLOT_BITS);
        minima[slot] = minima[slot].min(rest);
    }
    // Slots hit stand for distinct shingles without counting them: n
    // distinct shingles fill about 128 × (1 − e^(−n/128)) slots.
    if minima.iter().filter(|&&m| m != u64::MAX).count() < MIN_FILLED {
        return None;
    }
    Some(densify(&minima))
}

/// log2 of [`SLOTS`].
const SLOT_BITS: u32 = SLOTS.trailing_zeros();

/// Fill the empty slots of a short text: an empty slot takes the value of
/// the next filled one to its right (circularly), mixed with the distance,
/// so two texts with the same shingles fill them alike (rotation
/// densification, Shrivastava and Li 2014). Each value keeps 16 bits.
fn densify(minima: &[u64; SLOTS]) -> Signature {
    let mut slots = [0u16; SLOTS];
    for (i, slot) in slots.iter_mut().enumerate() {
        let found = (0..SLOTS)
            .map(|d| (d, minima[(i + d) % SLOTS]))
            .find(|&(_, m)| m != u64::MAX);
        // `signature` only densifies a text with shingles: one is found.
        let (distance, min) = found.unwrap_or((0, 0));
        let mixed = if distance == 0 {
            min
        } else {
            min ^ (distance as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        };
        *slot = (mixed ^ (mixed >> 16) ^ (mixed >> 32)) as u16;
    }
    Signature(slots)
}

/// The text a signature is taken of: the lines that are not page chrome
/// nor publishing metadata, as one run of width-folded, lowercased
/// letters, digits and Han characters (no spaces, line breaks or
/// punctuation).
pub fn content(text: &str) -> Vec<char> {
    text.lines()
        .flat_map(pieces)
        .filter(|piece| !is_page_chrome(piece) && !is_republishing_line(piece))
        .flat_map(str::chars)
        .map(normalize_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Lines longer than this are judged piece by piece.
const LONG_LINE: usize = 150;

/// A line, or a long one cut at its spaces and table bars: a page crawled
/// as one line holds its chrome too, and judged whole it would be chrome
/// (it names 版权所有) and drop the reply with it.
fn pieces(line: &str) -> Vec<&str> {
    if line.chars().count() <= LONG_LINE {
        return vec![line];
    }
    line.split(|c: char| c.is_whitespace() || c == '|')
        .filter(|p| !p.is_empty())
        .collect()
}

/// A line that a portal adds when it republishes a reply, and that
/// [`is_page_chrome`] keeps because a reply may state it too (the source,
/// publish or update time, the author, the editor, hit counts, font size
/// buttons); or a line of the letterhead or footer of the letter (document
/// number, category, signer, contact, copies to), which one copy keeps and
/// another drops, and which different replies of one agency share. Only
/// short lines without sentence punctuation: a sentence that mentions 来源
/// or 联系 is text.
fn is_republishing_line(line: &str) -> bool {
    const MARKERS: &[&str] = &[
        "来源",
        "发布时间",
        "发布日期",
        "更新时间",
        "发稿时间",
        "作者",
        "编辑",
        "审核",
        "浏览",
        "点击",
        "阅读",
        "字号",
        "【大】",
        "打印",
        "关闭窗口",
        "分享",
        "附件",
        // The letter's own frame.
        "联系人",
        "联系电话",
        "联系方式",
        "承办人",
        "经办人",
        "签发",
        "抄送",
        "抄报",
        "类别",
        "〔",
        "【20",
    ];
    let line = line.trim();
    let short = line.chars().count() <= 60 && !line.contains(['，', '。', '；', '、']);
    short && MARKERS.iter().any(|m| line.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = "关于加强农村公路建设的建议的答复\n\
        杨开顺代表：\n\
        你提出的关于解决八寨镇夹马石村委会下寨小组至湾子寨村委会公路硬化的建议，\
        已交我局研究办理，现答复如下：\n\
        加大农村公路建设和改善道路通行条件是我局义不容辞的责任，近几年来，我们按照\
        一个村小组至少有一条通村硬化路的目标和原则，大力解决群众出行难问题。2023年\
        共完成投资1200万元。\n\
        感谢你对交通运输工作的关心和支持。\n";

    #[test]
    fn chrome_wrapping_width_and_punctuation_do_not_count() {
        let republished = format!(
            "首页 > 政务公开 > 建议提案办理\n来源：县交通运输局 发布时间：2024-01-03 浏览次数：312\n\n{}\n【打印本页】 【关闭窗口】\n",
            REPLY
                .replace("2023", "２０２３")
                .replace("1200", "１２００")
                .replace('，', ",")
                .replace("近几年来", "近几年\n来")
        );
        assert_eq!(content(REPLY), content(&republished));
        let (a, b) = (signature(REPLY).unwrap(), signature(&republished).unwrap());
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn a_page_crawled_as_one_line_keeps_its_reply() {
        let one_line = format!(
            "首页 > 政务公开 {} 【打印本页】 版权所有：某县人民政府 滇ICP备05001234号",
            REPLY.replace('\n', " ")
        );
        let (a, b) = (signature(REPLY).unwrap(), signature(&one_line).unwrap());
        assert!(a.similarity(&b) >= 0.9, "{}", a.similarity(&b));
    }

    #[test]
    fn a_different_reply_is_far_even_with_the_same_boilerplate() {
        let other = "关于改善城区停车条件的建议的答复\n\
            杨开顺代表：\n\
            你提出的关于在县城新建公共停车场的建议，已交我局研究办理，现答复如下：\n\
            县城现有停车泊位不足，我局已会同住建、公安等部门编制停车设施专项规划，\
            计划在老城区新增两处立体停车场，并规范路边临时停车位的施划与收费管理。\n\
            感谢你对交通运输工作的关心和支持。\n";
        let (a, b) = (signature(REPLY).unwrap(), signature(other).unwrap());
        assert!(a.similarity(&b) < 0.3, "{}", a.similarity(&b));
    }

    #[test]
    fn a_short_or_empty_text_has_no_signature() {
        assert_eq!(signature(""), None);
        assert_eq!(signature("首页 > 政务公开\n关闭窗口"), None);
        assert_eq!(signature("已办结。"), None);
        assert!(signature(REPLY).is_some());
    }

    #[test]
    fn signatures_survive_their_stored_form() {
        let sig = signature(REPLY).unwrap();
        let bytes = sig.to_bytes();
        assert_eq!(bytes.len(), BYTES);
        assert_eq!(Signature::from_bytes(&bytes), Some(sig));
        assert_eq!(Signature::from_bytes(&bytes[1..]), None);
    }

    #[test]
    fn similarity_follows_the_share_of_shared_text() {
        // Half of a long text replaced: the estimate is near the true
        // Jaccard similarity (about 1/3 for half the shingles shared).
        let a: String = (0..2000)
            .map(|i| char::from_u32(0x4E00 + (i * 7919 % 20000)).unwrap())
            .collect();
        let b: String = a
            .chars()
            .take(1000)
            .chain((0..1000).map(|i| char::from_u32(0x4E00 + (i * 104729 % 20000)).unwrap()))
            .collect();
        let s = signature(&a).unwrap().similarity(&signature(&b).unwrap());
        assert!((0.2..0.47).contains(&s), "{s}");
    }
}
