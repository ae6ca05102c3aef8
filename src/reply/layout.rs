//! Lines and layout: the text cut into [`Line`]s, where the title and the
//! opening sit, and page furniture (breadcrumbs, footers) to skip.

use super::Sourced;
use super::dates::date_prefix;
use super::text::{clean_line, contains_any, is_invisible};

/// One non-empty line (or segment of a very long line): number, original
/// (trimmed), normalized, and normalized without any whitespace.
pub(super) struct Line<'a> {
    pub(super) no: usize,
    pub(super) src: &'a str,
    pub(super) norm: String,
    pub(super) compact: String,
}

impl Line<'_> {
    pub(super) fn sourced<T>(&self, value: T) -> Sourced<T> {
        Sourced {
            value,
            line: self.no,
            source: self.src.to_string(),
        }
    }

    pub(super) fn chars(&self) -> usize {
        self.compact.chars().count()
    }
}

/// The line of `s` with another value: a fact derived from a sourced one
/// points at the same line.
pub(super) fn sourced_from<T, U>(s: &Sourced<T>, value: U) -> Sourced<U> {
    Sourced {
        value,
        line: s.line,
        source: s.source.clone(),
    }
}

/// The lines of one text, in order.
pub(super) struct Doc<'a> {
    pub(super) lines: Vec<Line<'a>>,
}

/// How many lines at most count as the opening after the title.
const HEAD_MAX: usize = 30;

/// How many lines from the top may hold the title (page furniture comes first).
pub(super) const TITLE_WINDOW: usize = 60;

/// Lines longer than this are cut into segments.
const SEGMENT_MIN: usize = 150;

impl<'a> Doc<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let src = raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
            for norm in segments(&clean_line(src)) {
                let compact: String = norm.chars().filter(|c| !c.is_whitespace()).collect();
                if !compact.is_empty() {
                    lines.push(Line {
                        no: i + 1,
                        src,
                        norm,
                        compact,
                    });
                }
            }
        }
        Doc { lines }
    }

    /// Index of the first line of the opening sentence (答复如下, 收悉, …).
    pub(super) fn first_opening(&self) -> usize {
        self.lines
            .iter()
            .take(TITLE_WINDOW + HEAD_MAX)
            .position(|l| is_opening(&l.compact))
            .unwrap_or(self.lines.len())
    }

    /// End (exclusive) of the opening that starts at `from`: through the first
    /// line that says the proposal was received or that the answer follows,
    /// before the first numbered section, at most [`HEAD_MAX`] lines.
    pub(super) fn head_end(&self, from: usize) -> usize {
        let cap = (from + HEAD_MAX).min(self.lines.len());
        for i in from..cap {
            let s = &self.lines[i].compact;
            if is_section_heading(s) {
                return i;
            }
            if is_opening(s) {
                return i + 1;
            }
        }
        cap
    }

    /// The lines where the opening facts are stated: the title (joined when
    /// broken) and the opening lines, without page furniture.
    pub(super) fn head_lines(&self, title: Option<&Title>, head_end: usize) -> Vec<HeadLine<'_>> {
        let mut out = Vec::new();
        if let Some(t) = title {
            out.push(HeadLine {
                line: &self.lines[t.idx],
                text: t.compact.clone(),
                is_title: true,
            });
        }
        let skip = title.map_or(0, |t| t.idx + t.span);
        for l in self.lines.iter().take(head_end).skip(skip) {
            if !is_chrome(&l.compact) {
                out.push(HeadLine {
                    line: l,
                    text: l.compact.clone(),
                    is_title: false,
                });
            }
        }
        out
    }
}

/// A line of the head; for the title, `text` is the whole (joined) title.
pub(super) struct HeadLine<'a> {
    pub(super) line: &'a Line<'a>,
    pub(super) text: String,
    pub(super) is_title: bool,
}

/// The title: index of its first line, how many lines it spans (a broken
/// title is joined), its text without spaces, and the value as reported.
/// Defined here, not in `title`, because the head is laid out around it.
pub(super) struct Title {
    pub(super) idx: usize,
    pub(super) span: usize,
    pub(super) compact: String,
    pub(super) sourced: Sourced<String>,
}

const OPENING_MARKERS: &[&str] = &[
    "答复如下",
    "回复如下",
    "函复如下",
    "收悉",
    "现答复",
    "现回复",
    "现将办理",
    "办理情况如下",
    "答复于后",
];

fn is_opening(s: &str) -> bool {
    contains_any(s, OPENING_MARKERS)
}

fn is_section_heading(s: &str) -> bool {
    s.starts_with("一、") || s.starts_with("一.") || s.starts_with("(一)")
}

/// Web-page furniture that must never be read as a field.
pub(super) fn is_chrome(s: &str) -> bool {
    const CHROME: &[&str] = &[
        "首页",
        "当前位置",
        "您的位置",
        "您现在的位置",
        "您所在的位置",
        "上一篇",
        "下一篇",
        "上一条",
        "下一条",
        "温馨提示",
        "关闭",
        "打印本页",
        "分享到",
        "字体:",
        "字号:",
        "浏览次数",
        "访问次数",
        "阅读次数",
        "点击数",
        "索引号",
    ];
    contains_any(s, CHROME) || s.contains('>') || s.contains('»')
}

/// A line of a web page around the reply, not of the reply: breadcrumbs,
/// navigation, share and print buttons, metadata tables (索引号,
/// 发布机构…), footers. Passages never show one. Reads the raw line.
pub fn is_page_chrome(line: &str) -> bool {
    const MORE: &[&str] = &[
        "扫一扫",
        "打印本页",
        "【打印】",
        "【关闭】",
        "收藏本页",
        "版权所有",
        "发布机构",
        "发文机关",
        "主题分类",
        "信息来源",
        "所属主题",
        "公开方式",
        "公开范围",
    ];
    let s = clean_line(line);
    // The words of navigation (关闭, 首页…) also occur in sentences: only a
    // short line that is not a sentence is furniture.
    let short = s.chars().count() <= 60 && !s.contains(['，', '。', '；', ',', ';']);
    let table = line.matches('|').count() >= 2;
    (short && (is_chrome(&s) || is_footer(&s) || contains_any(&s, MORE)))
        || contains_any(&s, &["ICP备", "公网安备", "版权所有"])
        || (table && contains_any(&s, &["发布机构", "发文日期", "文号", "成文日期", "索引"]))
}

/// A page footer: site owner, address, licence numbers.
pub(super) fn is_footer(s: &str) -> bool {
    const FOOTER: &[&str] = &[
        "地址",
        "邮编",
        "ICP",
        "备案",
        "版权",
        "网站标识",
        "公网安备",
        "技术支持",
        "网站地图",
    ];
    contains_any(s, FOOTER)
}

/// Cuts a very long line at sentence ends, before a date and before a
/// contact label; shorter lines are returned whole.
fn segments(norm: &str) -> Vec<String> {
    if norm.chars().count() <= SEGMENT_MIN {
        return vec![norm.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for tok in norm.split(' ') {
        let cut = cur.ends_with(['。', '!', '?', ':', ';'])
            || date_prefix(tok).is_some()
            || ["联系", "承办人", "经办人"]
                .iter()
                .any(|p| tok.starts_with(p));
        if cut && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(tok);
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod chrome_tests {
    use super::is_page_chrome;

    #[test]
    fn page_furniture_is_chrome_and_sentences_are_not() {
        for line in [
            "首页 > 政务公开 > 建议提案办理",
            "| 发布机构 | 市信息中心 | 发文日期 | 2023-05-06 |",
            "上一篇：关于…的答复",
            "扫一扫在手机打开当前页",
            "【打印本页】 【关闭窗口】",
            "版权所有：某某县人民政府 滇ICP备05001234号",
        ] {
            assert!(is_page_chrome(line), "{line}");
        }
        for line in [
            "我局将依法关闭违法排污企业三家，并对其余企业限期整改，确保污水达标排放。",
            "现答复如下：",
            "一、加强校园周边交通安全管理",
        ] {
            assert!(!is_page_chrome(line), "{line}");
        }
    }
}
