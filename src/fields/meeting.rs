//! A meeting as data: the body (政协 or 人大), its level and place, the
//! term (届) and the session (次), read from any common way of writing it:
//! 第十六届人民代表大会第二次会议, 十六届二次, 16届2次, 九届委员会第三次会议,
//! 省政协十二届五次会议, 十四届全国人大二次会议, 中国人民政治协商会议砚山县….

use serde::{Deserialize, Serialize};

use super::numerals;

/// A meeting in parts, with its canonical label.
///
/// Fields are declared in alphabetical order (see [`crate::reply::Sourced`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingParts {
    /// "政协" or "人大".
    pub body: String,
    /// Place (else bare level), body, term and session in Chinese numerals:
    /// 昆明市政协十四届二次, 全国人大十四届二次, 市政协九届三次.
    pub label: String,
    /// 全国, 省, 市, 州, 县, 区, 旗, 盟, 乡 or 镇: the level the text names
    /// (or the level of the place taken from the reply's region).
    pub level: Option<String>,
    /// The named place (昆明市), or the reply's region when the text names
    /// only a level (市政协 + 泸州市) or nothing (政协十届三次会议 + 潼关县).
    pub place: Option<String>,
    /// 次: the session of the term.
    pub session: u32,
    /// 届: the term of the body.
    pub term: u32,
}

/// What a text says of a meeting; any part may be missing (a query).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub body: Option<&'static str>,
    /// What is left once body, term, session and filler words are taken out:
    /// a place (昆明市, 昆明), a bare level (市) or 全国.
    pub rest: Option<String>,
    pub term: Option<u32>,
    pub session: Option<u32>,
}

/// Characters that end the name of a place at one level.
pub(crate) fn is_level(c: char) -> bool {
    matches!(
        c,
        '省' | '市' | '州' | '县' | '区' | '旗' | '盟' | '乡' | '镇'
    )
}

/// Names of the body, longest first, and which body each names.
const BODIES: &[(&str, &str)] = &[
    ("中国人民政治协商会议", "政协"),
    ("人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("人民代表大会", "人大"),
    ("代表大会", "人大"),
    ("人代会", "人大"),
    ("政协", "政协"),
    ("人大", "人大"),
];

/// Words that say nothing of the meeting's identity.
const FILLERS: &[&str] = &["全体会议", "委员会", "会议", "全体", "代表", "中国"];

/// Reads the parts of a meeting from `s` (spaces ignored).
pub fn parse(s: &str) -> Parsed {
    let cs: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut used = vec![false; cs.len()];
    let mut p = Parsed::default();
    for (name, body) in BODIES {
        while let Some(at) = find_free(&cs, &used, name) {
            mark(&mut used, at, name.chars().count());
            p.body.get_or_insert(body);
        }
    }
    p.term = take_ordinal(&cs, &mut used, '届');
    p.session = take_ordinal(&cs, &mut used, '次');
    // 九届委员会第三次会议: a 委员会 with terms and sessions is a 政协's.
    if p.body.is_none() && find_free(&cs, &used, "委员会").is_some() && p.term.is_some() {
        p.body = Some("政协");
    }
    for filler in FILLERS {
        while let Some(at) = find_free(&cs, &used, filler) {
            mark(&mut used, at, filler.chars().count());
        }
    }
    let rest: String = cs
        .iter()
        .zip(&used)
        .filter(|&(&c, &u)| !u && c != '第')
        .map(|(&c, _)| c)
        .collect();
    p.rest = (!rest.is_empty()).then_some(rest);
    p
}

fn find_free(cs: &[char], used: &[bool], word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    (0..(cs.len() + 1).saturating_sub(w.len()))
        .find(|&i| cs[i..i + w.len()] == w[..] && !used[i..i + w.len()].iter().any(|&u| u))
}

fn mark(used: &mut [bool], at: usize, n: usize) {
    used[at..at + n].iter_mut().for_each(|u| *u = true);
}

/// The first `(第)N届` (or `N次`) not yet used: its number, marked used.
fn take_ordinal(cs: &[char], used: &mut [bool], unit: char) -> Option<u32> {
    (0..cs.len()).find_map(|j| {
        if cs[j] != unit || used[j] {
            return None;
        }
        let mut i = j;
        while i > 0 && j - i < 4 && !used[i - 1] && numerals::is_numeral(cs[i - 1]) {
            i -= 1;
        }
        let n = numerals::parse(&cs[i..j].iter().collect::<String>())?;
        let start = if i > 0 && cs[i - 1] == '第' && !used[i - 1] {
            i - 1
        } else {
            i
        };
        mark(used, start, j + 1 - start);
        Some(n)
    })
}

impl Parsed {
    /// The level named by what is left: 全国, or its last character.
    fn level(&self) -> Option<String> {
        let rest = self.rest.as_deref()?;
        if rest.contains("全国") {
            return Some("全国".into());
        }
        rest.chars()
            .last()
            .filter(|&c| is_level(c))
            .map(String::from)
    }

    /// The named place: what is left when it ends in a level and is more
    /// than the level alone.
    fn place(&self) -> Option<String> {
        let rest = self.rest.as_deref()?;
        (rest.chars().count() > 1 && !rest.contains("全国") && self.level().is_some())
            .then(|| rest.to_string())
    }
}

impl MeetingParts {
    /// The parts of a meeting as written; `region` (the reply's most
    /// specific area) names the place when the text names only a level or
    /// nothing, and `above` finds the area of a given level that holds the
    /// region (东昌区 → the 市 above it), when known. `None` unless body,
    /// term and session are all stated.
    pub fn from_text(
        written: &str,
        region: Option<&str>,
        above: &dyn Fn(&str, char) -> Option<String>,
    ) -> Option<MeetingParts> {
        let p = parse(written);
        let (body, term, session) = (p.body?, p.term?, p.session?);
        let mut level = p.level();
        let mut place = p.place();
        if place.is_none() && level.as_deref() != Some("全国") {
            let implicit = match (level.as_deref().and_then(|l| l.chars().next()), region) {
                (Some(l), Some(r)) if r.ends_with(l) => Some(r.to_string()),
                (Some(l), Some(r)) => above(r, l),
                (None, Some(r)) => Some(r.to_string()),
                (_, None) => None,
            };
            if let Some(pl) = implicit {
                level = pl.chars().last().map(String::from);
                place = Some(pl);
            }
        }
        let label = format!(
            "{}{body}{}届{}次",
            place.as_deref().or(level.as_deref()).unwrap_or(""),
            numerals::to_chinese(term),
            numerals::to_chinese(session),
        );
        Some(MeetingParts {
            body: body.to_string(),
            label,
            level,
            place,
            session,
            term,
        })
    }

    /// The values the `meeting` field holds besides the text as written:
    /// the label, and the parts as `#人大#16届#2次#` (what
    /// [`query_literals`] looks for).
    pub fn index_values(&self) -> [String; 2] {
        [
            self.label.clone(),
            format!("#{}#{}届#{}次#", self.body, self.term, self.session),
        ]
    }
}

/// The literals a `meeting:` value must all match, when it names a body,
/// a term or a session: the place as typed (昆明, 省, 全国) and each part
/// as indexed (`#人大#`, `#16届#`, `#2次#`). `None` for a value naming none
/// of them (`meeting:西双版纳`), which is matched as typed.
pub fn query_literals(value: &str) -> Option<Vec<String>> {
    let p = parse(value);
    if p.body.is_none() && p.term.is_none() && p.session.is_none() {
        return None;
    }
    let mut out: Vec<String> = p.rest.clone().into_iter().collect();
    out.extend(p.body.map(|b| format!("#{b}#")));
    out.extend(p.term.map(|t| format!("#{t}届#")));
    out.extend(p.session.map(|s| format!("#{s}次#")));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_hierarchy(_: &str, _: char) -> Option<String> {
        None
    }

    fn parts(written: &str, region: Option<&str>) -> Option<MeetingParts> {
        MeetingParts::from_text(written, region, &no_hierarchy)
    }

    fn label(written: &str, region: Option<&str>) -> Option<String> {
        parts(written, region).map(|p| p.label)
    }

    #[test]
    fn every_common_form_reads_the_same_parts() {
        let want = |body: &str, term, session| (Some(body.to_string()), Some(term), Some(session));
        let cases = [
            ("第十六届人民代表大会第二次会议", want("人大", 16, 2)),
            ("砚山县第十六届人民代表大会第二次会议", want("人大", 16, 2)),
            ("十六届人大二次会议", want("人大", 16, 2)),
            ("16届人大2次会议", want("人大", 16, 2)),
            ("县十七届人大三次会议", want("人大", 17, 3)),
            ("九届委员会第三次会议", want("政协", 9, 3)),
            (
                "中国人民政治协商会议砚山县九届委员会第三次会议",
                want("政协", 9, 3),
            ),
            ("省政协十二届五次会议", want("政协", 12, 5)),
            ("政协昆明市第十四届二次会议", want("政协", 14, 2)),
            ("十四届全国人大二次会议", want("人大", 14, 2)),
            ("昌宁县人大第十八届委员会第三次会议", want("人大", 18, 3)),
            ("武定县第九届政协第四次会议", want("政协", 9, 4)),
            ("政协沧县第十四届委员会第一次会议", want("政协", 14, 1)),
            ("第五届第五次人大代表会议", want("人大", 5, 5)),
            ("政协盐池县第十届委员会五次会议", want("政协", 10, 5)),
            ("市政协二十一届一次会议", want("政协", 21, 1)),
        ];
        for (text, (body, term, session)) in cases {
            let p = parse(text);
            assert_eq!(
                (p.body.map(String::from), p.term, p.session),
                (body, term, session),
                "{text}"
            );
        }
    }

    #[test]
    fn places_and_levels() {
        let p = parts("政协西双版纳州十三届二次会议", None).unwrap();
        assert_eq!(p.place.as_deref(), Some("西双版纳州"));
        assert_eq!(p.level.as_deref(), Some("州"));
        assert_eq!(p.label, "西双版纳州政协十三届二次");
        let p = parts("十四届全国人大二次会议", Some("昆明市")).unwrap();
        assert_eq!((p.level.as_deref(), p.place), (Some("全国"), None));
        assert_eq!(p.label, "全国人大十四届二次");
        assert_eq!(
            label("中国人民政治协商会议砚山县九届委员会第三次会议", None).as_deref(),
            Some("砚山县政协九届三次")
        );
        assert_eq!(
            label("政协昆明市第十四届二次会议", None).as_deref(),
            Some("昆明市政协十四届二次")
        );
        assert_eq!(
            label("省政协十二届五次会议", None).as_deref(),
            Some("省政协十二届五次")
        );
    }

    #[test]
    fn an_implicit_place_is_the_replys_region() {
        // A bare level: the region when it is of that level.
        assert_eq!(
            label("市政协九届三次会议", Some("泸州市")).as_deref(),
            Some("泸州市政协九届三次")
        );
        assert_eq!(
            label("省政协十二届五次会议", Some("贵州省")).as_deref(),
            Some("贵州省政协十二届五次")
        );
        // Of another level: the area above the region, if known, else the
        // bare level.
        assert_eq!(
            label("市九届人大四次会议", Some("东昌区")).as_deref(),
            Some("市人大九届四次")
        );
        let above = |r: &str, l: char| (r == "东昌区" && l == '市').then(|| "通化市".to_string());
        assert_eq!(
            MeetingParts::from_text("市九届人大四次会议", Some("东昌区"), &above)
                .unwrap()
                .label,
            "通化市人大九届四次"
        );
        // No level at all: the region.
        let p = parts("政协十届三次会议", Some("潼关县")).unwrap();
        assert_eq!(p.label, "潼关县政协十届三次");
        assert_eq!(p.level.as_deref(), Some("县"));
        assert_eq!(
            label("政协十届三次会议", None).as_deref(),
            Some("政协十届三次")
        );
        // A named place is kept whatever the region.
        assert_eq!(
            label("政协西双版纳州十三届二次会议", Some("勐海县")).as_deref(),
            Some("西双版纳州政协十三届二次")
        );
    }

    #[test]
    fn incomplete_meetings_have_no_parts() {
        assert_eq!(parts("十六届二次会议", None), None, "no body");
        assert_eq!(parts("政协第三次会议", None), None, "no term");
        assert_eq!(parts("人大十六届", None), None, "no session");
    }

    #[test]
    fn query_values_become_part_literals() {
        let q = |s: &str| query_literals(s);
        assert_eq!(q("十六届二次").unwrap(), ["#16届#", "#2次#"]);
        assert_eq!(q("16届2次").unwrap(), ["#16届#", "#2次#"]);
        assert_eq!(q("第十六届第二次").unwrap(), ["#16届#", "#2次#"]);
        assert_eq!(
            q("第十六届人民代表大会第二次会议").unwrap(),
            ["#人大#", "#16届#", "#2次#"]
        );
        assert_eq!(q("人大").unwrap(), ["#人大#"]);
        assert_eq!(q("人民代表大会").unwrap(), ["#人大#"]);
        assert_eq!(q("政协").unwrap(), ["#政协#"]);
        assert_eq!(q("昆明 十四届").unwrap(), ["昆明", "#14届#"]);
        assert_eq!(
            q("昆明市政协十四届二次").unwrap(),
            ["昆明市", "#政协#", "#14届#", "#2次#"]
        );
        assert_eq!(
            q("九届委员会第三次会议").unwrap(),
            ["#政协#", "#9届#", "#3次#"]
        );
        assert_eq!(q("西双版纳"), None);
        // The parts as indexed hold the query's literals.
        let p = parts("砚山县第十六届人民代表大会第二次会议", None).unwrap();
        let indexed = p.index_values().join(" ");
        for lit in q("十六届二次").unwrap() {
            assert!(indexed.contains(&lit), "{lit} in {indexed}");
        }
        assert!(
            !indexed.contains(&q("六届").unwrap()[0]),
            "六届 is not 十六届"
        );
    }
}
