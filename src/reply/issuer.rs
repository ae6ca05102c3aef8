//! The signature, the issuer, its normalized name and the region.

use super::Sourced;
use super::dates::date_suffix;
use super::division::{division_near, registration_code};
use super::labels::PUBLISHED_LABELS;
use super::layout::{Doc, Title, is_chrome, is_footer, sourced_from};
use super::org::{SITE_OWNER_LABELS, is_org, labelled_org};
use super::text::{contains_any, ends_with_any, is_cjk, without_spaces};
use crate::fields::region;

pub(super) struct Signature {
    pub(super) date: Sourced<String>,
    pub(super) issuer: Option<Sourced<String>>,
}

/// Strips surrounding brackets and a trailing `(…)` note from a signature line.
fn strip_signature_noise(s: &str) -> &str {
    let mut t = s.trim();
    if let Some(i) = t.rfind('(').filter(|&i| i > 0 && t.ends_with(')')) {
        t = t[..i].trim_end();
    }
    t.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '【' | '】') || c.is_whitespace())
}

/// The last line after the opening that is only a date (optionally after the
/// issuer); the issuer is on that line or the line above. A letter is signed
/// `2023年5月6日`: a web-style date (`2023-06-01`) below such a line is a
/// page list's, so the letter's date is preferred within 15 lines above it.
pub(super) fn find_signature(doc: &Doc, body_start: usize) -> Option<Signature> {
    let mut found = (body_start..doc.lines.len())
        .rev()
        .filter_map(|i| signature_at(doc, body_start, i).map(|s| (i, s)));
    let (i, last) = found.next()?;
    if !is_web_date(&doc.lines[i].compact) {
        return Some(last);
    }
    found
        .take_while(|(j, _)| i - j <= 15)
        .find(|(j, _)| !is_web_date(&doc.lines[*j].compact))
        .map_or(Some(last), |(_, s)| Some(s))
}

/// A date written the way web pages list them: `2023-06-01`, `2023/6/1`.
fn is_web_date(s: &str) -> bool {
    !s.contains('年') && s.contains(['-', '/'])
}

/// Line `i` as a signature: a date alone, or after an organisation.
fn signature_at(doc: &Doc, body_start: usize, i: usize) -> Option<Signature> {
    let lines = &doc.lines;
    let l = &lines[i];
    if l.chars() > 60 || contains_any(&l.compact, PUBLISHED_LABELS) || is_chrome(&l.compact) {
        return None;
    }
    let text = strip_signature_noise(&l.norm);
    let (prefix, iso) = date_suffix(text)?;
    let prefix = prefix.trim();
    if !prefix.is_empty() && !is_org(&without_spaces(prefix)) {
        return None;
    }
    let issuer = if prefix.is_empty() {
        (i > body_start)
            .then(|| &lines[i - 1])
            .filter(|p| is_org(&p.compact) || all_orgs(&p.norm))
            .map(|p| p.sourced(p.norm.clone()))
    } else {
        Some(l.sourced(prefix.to_string()))
    };
    Some(Signature {
        date: l.sourced(iso),
        issuer,
    })
}

/// Several organisations separated by spaces (a joint signature).
fn all_orgs(norm: &str) -> bool {
    let parts: Vec<&str> = norm.split_whitespace().collect();
    parts.len() > 1 && parts.len() <= 6 && parts.iter().all(|p| is_org(p))
}

/// `省科技厅关于…`, `泸州市科学技术局对…`: the issuer before 关于/对.
fn title_issuer(t: &str) -> Option<String> {
    let at = ["关于", "对", "答复", "回复"]
        .iter()
        .filter_map(|p| t.find(p))
        .min()?;
    let prefix = t[..at].trim_end_matches(':');
    is_org(prefix).then(|| prefix.to_string())
}

/// An organisation alone on a line just above the title.
fn issuer_above_title(doc: &Doc, title: &Title) -> Option<Sourced<String>> {
    (title.idx.saturating_sub(5)..title.idx)
        .rev()
        .map(|i| &doc.lines[i])
        .find(|l| is_org(&l.compact) && !is_footer(&l.compact))
        .map(|l| l.sourced(l.norm.clone()))
}

const ISSUER_LABELS: &[&str] = &[
    "答复单位",
    "办理单位",
    "承办单位",
    "主办单位",
    "发文机关",
    "发布机构",
    "发文单位",
    "发布单位",
    "来源单位",
    "信息来源",
    "文章来源",
    "来源",
];

pub(super) fn find_issuer(
    doc: &Doc,
    title: Option<&Title>,
    sig: Option<&Signature>,
) -> Option<Sourced<String>> {
    title
        .and_then(|t| title_issuer(&t.compact).map(|i| sourced_from(&t.sourced, i)))
        .or_else(|| sig.and_then(|s| s.issuer.clone()))
        .or_else(|| title.and_then(|t| issuer_above_title(doc, t)))
        .or_else(|| labelled_org(doc, ISSUER_LABELS, false))
}

// -- Region ------------------------------------------------------------------

/// Characters that end a place name at one level (云南省, 红河州, 马关县).
pub(super) use crate::fields::place::is_area_suffix as is_admin_suffix;

/// Characters that cannot be part of a place name (department words follow).
fn is_admin_stop(c: char) -> bool {
    !is_cjk(c)
        || matches!(
            c,
            '局' | '厅'
                | '委'
                | '办'
                | '府'
                | '院'
                | '部'
                | '处'
                | '对'
                | '的'
                | '在'
                | '与'
                | '及'
                | '届'
                | '号'
        )
}

/// Words ending in 区/市/县 that are not administrative areas.
const NOT_PLACES: &[&str] = &[
    "城市", "城区", "市区", "社区", "园区", "景区", "山区", "林区", "矿区", "辖区", "市县", "县区",
    "地区",
];

/// Endings of zones that are not administrative areas (…风景名胜区, …开发区).
const ZONE_SUFFIXES: &[&str] = &[
    "开发区",
    "示范区",
    "保税区",
    "高新区",
    "工业区",
    "管理区",
    "度假区",
    "试验区",
    "实验区",
    "名胜区",
    "景区",
    "园区",
];

/// The place names at the start of `s`, outermost first
/// (`云南省红河州马关县交通局` → 云南省, 红河州, 马关县). A bare level
/// (`省科技厅`, `市云台山…`) names no place.
fn admin_levels(s: &str) -> Vec<String> {
    let cs: Vec<char> = s.chars().collect();
    let mut levels = Vec::new();
    let mut start = 0;
    while start < cs.len() && !is_admin_suffix(cs[start]) {
        let end = (start + 12).min(cs.len());
        let mut found = None;
        for i in start..end {
            let pair = (cs[i], cs.get(i + 1).copied());
            if is_admin_stop(cs[i]) || matches!(pair, ('政', Some('协')) | ('人', Some('大'))) {
                break;
            }
            let continues = i + 1 < cs.len()
                && is_admin_suffix(cs[i + 1])
                && !matches!(
                    (cs[i + 1], cs.get(i + 2)),
                    ('市', Some('场' | '政' | '容')) | ('区', Some('域'))
                );
            if i > start && is_admin_suffix(cs[i]) && !continues {
                found = Some(i);
                break;
            }
        }
        let Some(i) = found else { break };
        let level: String = cs[start..=i].iter().collect();
        if NOT_PLACES.contains(&level.as_str()) || ends_with_any(&level, ZONE_SUFFIXES).is_some() {
            break;
        }
        levels.push(level);
        start = i + 1;
    }
    levels
}

fn region_of(s: &str) -> Option<String> {
    let s = s
        .trim_start_matches("中国人民政治协商会议")
        .trim_start_matches("政协");
    admin_levels(s).pop()
}

/// Province (or municipality) named by a one-character abbreviation.
fn province_of_abbrev(c: char) -> Option<String> {
    let code = region::province_of_abbrev(c)?;
    Some(region::table().division(code * 10000)?.province)
}

/// The bare level an issuer starts with (`省` in 省科技厅), if it names no place.
fn bare_level(issuer: &str) -> Option<char> {
    let c = issuer.chars().next()?;
    (is_admin_suffix(c) && admin_levels(issuer).is_empty()).then_some(c)
}

pub(super) fn find_region(
    doc: &Doc,
    issuer: Option<&Sourced<String>>,
    meeting: Option<&Sourced<String>>,
    doc_number: Option<&Sourced<String>>,
) -> Option<Sourced<String>> {
    let from = |s: &Sourced<String>| region_of(&s.value).map(|r| sourced_from(s, r));
    let level = issuer.and_then(|i| bare_level(&i.value));
    issuer
        .and_then(from)
        .or_else(|| meeting.and_then(from))
        .or_else(|| {
            labelled_org(doc, ISSUER_LABELS, false)
                .as_ref()
                .and_then(from)
        })
        .or_else(|| {
            let d = doc_number?;
            let p = province_of_abbrev(d.value.chars().next()?)?;
            (level == Some('省') && p.ends_with('省')).then(|| sourced_from(d, p.to_string()))
        })
        .or_else(|| {
            let level = level?;
            let owner = labelled_org(doc, SITE_OWNER_LABELS, true)?;
            let place = admin_levels(&owner.value)
                .into_iter()
                .rev()
                .find(|p| p.ends_with(level))?;
            Some(sourced_from(&owner, place))
        })
        .or_else(|| {
            // The site's registration (苏公网安备 3207…) names the area too.
            let (code, line) = registration_code(doc)?;
            let place = division_near(code)?.area_of_level(level?)?;
            Some(sourced_from(&line, place))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places() {
        assert_eq!(
            admin_levels("云南省红河州马关县交通运输局"),
            ["云南省", "红河州", "马关县"]
        );
        assert_eq!(admin_levels("泸州市市场监督管理局"), ["泸州市"]);
        assert_eq!(admin_levels("贵州省科技厅"), ["贵州省"]);
        assert_eq!(admin_levels("君山区人大"), ["君山区"]);
        assert!(admin_levels("省科技厅").is_empty());
        assert!(admin_levels("市云台山风景名胜区管理委员会").is_empty());
        assert!(admin_levels("临江经济开发区管委会").is_empty());
        assert_eq!(
            region_of("政协西双版纳州十三届二次会议").as_deref(),
            Some("西双版纳州")
        );
        assert_eq!(region_of("市政协九届三次会议"), None);
    }

    #[test]
    fn a_page_list_date_is_not_the_signature() {
        let text = "关于某县政协十届二次会议第5号提案的答复\n张三委员:\n您提出的《关于X的提案》收悉,现答复如下:\n我局将积极推进。\n某县教育局\n2023年5月6日\n相关文章\n关于Y的通知\n2023-06-01\n";
        let doc = Doc::new(text);
        let sig = find_signature(&doc, 1).expect("a signature");
        assert_eq!(sig.date.value, "2023-05-06");
        assert_eq!(sig.issuer.map(|i| i.value).as_deref(), Some("某县教育局"));
        let doc = Doc::new("张三委员:\n我局将积极推进。\n某县教育局\n2023-05-06\n");
        assert_eq!(
            find_signature(&doc, 0).map(|s| s.date.value).as_deref(),
            Some("2023-05-06")
        );
    }

    #[test]
    fn signature_noise() {
        assert_eq!(
            strip_signature_noise("2024年6月26日(此件公开发布)"),
            "2024年6月26日"
        );
    }
}
