//! The division of the reply's region (province › prefecture › county),
//! resolved with the evidence the page gives: the places named before the
//! region (云南省红河州马关县), the site owner, the province of the document
//! number (黔科提复字) and of the site's registration (宁ICP备, 渝公网安备
//! 5002…).

use super::Sourced;
use super::layout::Doc;
use super::org::{SITE_OWNER_LABELS, labelled_org};
use crate::fields::place;
use crate::fields::region::{Division, Hints, province_of_abbrev, table};

/// `s` without a leading 中国人民政治协商会议 / 政协 (a meeting's name).
fn without_body(s: &str) -> &str {
    s.trim_start_matches("中国人民政治协商会议")
        .trim_start_matches("政协")
}

/// The places `s` starts with, outermost first.
fn areas(s: &str) -> Vec<String> {
    place::split(&s.replace(char::is_whitespace, "")).areas
}

/// The six-digit code of the site's 公网安备 registration, and the line.
pub(super) fn registration_code(doc: &Doc) -> Option<(u32, Sourced<String>)> {
    doc.lines.iter().rev().find_map(|l| {
        let at = l.compact.find("公网安备")?;
        let digits: String = l.compact[at + "公网安备".len()..]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        let code = digits.get(..6)?.parse().ok()?;
        Some((code, l.sourced(String::new())))
    })
}

/// The division nearest to a registration code: the code's own, else its
/// prefecture's, else its province's (codes of merged districts live on).
pub(super) fn division_near(code: u32) -> Option<Division> {
    let t = table();
    t.division(code)
        .or_else(|| t.division(code / 100 * 100))
        .or_else(|| t.division(code / 10000 * 10000))
}

/// Evidence for choosing among divisions of one name.
fn hints(doc: &Doc, texts: &[&str], doc_number: Option<&Sourced<String>>) -> Hints {
    let mut h = Hints::default();
    for t in texts {
        h.names.extend(areas(without_body(t)));
    }
    if let Some(owner) = labelled_org(doc, SITE_OWNER_LABELS, true) {
        h.names.extend(areas(&owner.value));
    }
    let first = |s: &str| s.chars().next();
    h.provinces.extend(
        doc_number
            .and_then(|d| first(&d.value))
            .and_then(province_of_abbrev),
    );
    for l in &doc.lines {
        for mark in ["ICP备", "公网安备"] {
            if let Some(at) = l.compact.find(mark) {
                let before = l.compact[..at].chars().last();
                h.provinces.extend(before.and_then(province_of_abbrev));
            }
        }
    }
    h.codes.extend(registration_code(doc).map(|(c, _)| c));
    h
}

/// The division of `region`, read in the place chain it was found in (the
/// issuer's, the meeting's, a labelled organisation's) when there is one.
pub(super) fn find_division(
    doc: &Doc,
    region: Option<&Sourced<String>>,
    issuer: Option<&Sourced<String>>,
    meeting: Option<&Sourced<String>>,
    doc_number: Option<&Sourced<String>>,
) -> Option<Division> {
    let region = &region?.value;
    let texts: Vec<&str> = [issuer, meeting]
        .into_iter()
        .flatten()
        .map(|s| s.value.as_str())
        .collect();
    let chain = texts
        .iter()
        .map(|t| areas(without_body(t)))
        .find(|a| a.last() == Some(region))
        .unwrap_or_else(|| vec![region.clone()]);
    let chain: Vec<&str> = chain.iter().map(String::as_str).collect();
    table().resolve(&chain, &hints(doc, &texts, doc_number))
}

#[cfg(test)]
mod tests {
    use crate::reply::extract;

    fn division(text: &str) -> Option<(String, Option<String>, Option<String>)> {
        let d = extract(text).division?;
        Some((d.province, d.prefecture, d.county))
    }

    const OPENING: &str = "张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n已修。\n";

    #[test]
    fn a_county_gets_its_prefecture_and_province() {
        let text = format!("{OPENING}马关县交通运输局\n2023年6月1日\n");
        assert_eq!(
            division(&text),
            Some((
                "云南省".into(),
                Some("文山壮族苗族自治州".into()),
                Some("马关县".into())
            ))
        );
    }

    #[test]
    fn an_ambiguous_county_is_settled_by_the_page_or_left_out() {
        let alone = format!("{OPENING}朝阳区教育局\n2023年6月1日\n");
        assert_eq!(division(&alone), None, "Beijing or Changchun: not guessed");
        let beijing = format!("{alone}京ICP备05012345号\n");
        assert_eq!(division(&beijing).map(|d| d.0), Some("北京市".to_string()));
        let changchun = format!("{alone}主办：长春市朝阳区人民政府\n");
        assert_eq!(
            division(&changchun).map(|d| d.0),
            Some("吉林省".to_string())
        );
        let named = format!("{OPENING}北京市朝阳区教育局\n2023年6月1日\n");
        assert_eq!(
            division(&named).and_then(|d| d.2),
            Some("朝阳区".to_string())
        );
    }

    #[test]
    fn a_bare_level_is_the_registered_sites_area() {
        let text = format!("{OPENING}市城管局\n2023年6月1日\n苏公网安备 32070502010634号\n");
        let f = extract(&text);
        assert_eq!(
            f.region.as_ref().map(|r| r.value.as_str()),
            Some("连云港市")
        );
        assert_eq!(f.issuer_normalized.as_deref(), Some("连云港市城市管理局"));
    }
}
