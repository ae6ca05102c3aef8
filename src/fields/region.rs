//! Regions resolved to the administrative divisions of China (GB/T 2260:
//! province › prefecture › county), from `data/divisions.tsv` (made by
//! `data/divisions.py` from a public data package; see there for the source
//! and licence).
//!
//! A name is looked up by its full form (文山壮族苗族自治州), its short form
//! (文山) and its short form with its level (文山州). A name held by several
//! divisions (朝阳区 is in Beijing and in Changchun) is resolved by the
//! other places the reply names, the province of its document number or
//! web-site registration; failing that it is kept at the level all the
//! candidates share, or left unresolved: never guessed.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const DATA: &str = include_str!("../../data/divisions.tsv");

/// A resolved division, from the province down to the most specific level
/// the text makes certain.
///
/// Fields are declared in alphabetical order (see [`crate::reply::Sourced`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    /// The six-digit GB/T 2260 code of the most specific level known.
    pub code: String,
    /// The county-level division (县, 区, county-level 市, 旗).
    pub county: Option<String>,
    /// The prefecture-level division (地级市, 自治州, 地区, 盟); for a
    /// municipality (北京, 天津, 上海, 重庆), the municipality.
    pub prefecture: Option<String>,
    pub province: String,
}

/// The table of divisions, loaded once.
pub struct Table {
    names: HashMap<u32, &'static str>,
    keys: HashMap<String, Vec<u32>>,
}

/// Municipalities: their districts have no prefecture but the city itself.
const MUNICIPALITIES: [u32; 4] = [11, 12, 31, 50];

/// Ethnic groups named in autonomous divisions, longest first when one
/// ends another.
const ETHNIC: &[&str] = &[
    "柯尔克孜",
    "哈萨克",
    "塔吉克",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "锡伯",
    "裕固",
    "保安",
    "东乡",
    "撒拉",
    "土家",
    "蒙古",
    "朝鲜",
    "布依",
    "哈尼",
    "傈僳",
    "景颇",
    "仡佬",
    "毛南",
    "仫佬",
    "纳西",
    "普米",
    "独龙",
    "怒",
    "拉祜",
    "佤",
    "傣",
    "彝",
    "苗",
    "壮",
    "侗",
    "瑶",
    "白",
    "黎",
    "羌",
    "藏",
    "回",
    "满",
    "水",
    "畲",
    "土",
    "各",
];

/// The short form of a name: 文山壮族苗族自治州 → 文山, 昆明市 → 昆明,
/// 宁夏回族自治区 → 宁夏; `None` when it would be one character (沧县).
pub fn short_name(name: &str) -> Option<String> {
    let mut s = name;
    for suffix in [
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "地区",
        "林区",
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    if s.len() == name.len() {
        s = s.trim_end_matches(['省', '市', '州', '县', '区', '旗', '盟']);
    }
    loop {
        let before = s.len();
        if let Some(rest) = s.strip_suffix('族') {
            s = ETHNIC
                .iter()
                .find_map(|e| rest.strip_suffix(e))
                .unwrap_or(s);
        }
        s = s.strip_suffix("维吾尔").unwrap_or(s);
        if s.len() == before {
            break;
        }
    }
    (s.chars().count() >= 2 && s != name).then(|| s.to_string())
}

fn load() -> Table {
    let mut names = HashMap::new();
    let mut keys: HashMap<String, Vec<u32>> = HashMap::new();
    for line in DATA.lines().filter(|l| !l.starts_with('#')) {
        let Some((code, name)) = line.split_once('\t') else {
            continue;
        };
        let Ok(code) = code.parse::<u32>() else {
            continue;
        };
        names.insert(code, name);
        let mut add = |k: String| {
            let codes = keys.entry(k).or_default();
            if !codes.contains(&code) {
                codes.push(code);
            }
        };
        add(name.to_string());
        if let Some(short) = short_name(name) {
            // 文山壮族苗族自治州 is also 文山州; 昆明市 is also 昆明.
            if let Some(level) = name.chars().last().filter(|_| name.contains("自治")) {
                add(format!("{short}{level}"));
            }
            add(short);
        }
    }
    Table { names, keys }
}

/// The table, loaded on first use.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(load)
}

/// Evidence from elsewhere in a reply for choosing among divisions of the
/// same name.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Other place names the reply states (outer levels, the web site's owner).
    pub names: Vec<String>,
    /// Two-digit province codes (from 黔 in 黔科提复字, 宁ICP备 …).
    pub provinces: Vec<u32>,
    /// Six-digit codes (the 公网安备 registration of the web site).
    pub codes: Vec<u32>,
}

impl Table {
    /// The codes a name may stand for.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.keys.get(name).map_or(&[], Vec::as_slice)
    }

    /// The division of a six-digit code, with its ancestors' names.
    pub fn division(&self, code: u32) -> Option<Division> {
        let province = *self.names.get(&(code / 10000 * 10000))?;
        let pref_code = code / 100 * 100;
        let municipality = MUNICIPALITIES.contains(&(code / 10000));
        let prefecture = if code.is_multiple_of(10000) {
            None
        } else if municipality {
            Some(province)
        } else if code.is_multiple_of(100) {
            Some(*self.names.get(&pref_code)?)
        } else {
            self.names.get(&pref_code).copied()
        };
        let county = if code.is_multiple_of(100) {
            None
        } else {
            Some(*self.names.get(&code)?)
        };
        Some(Division {
            code: format!("{code:06}"),
            county: county.map(String::from),
            prefecture: prefecture.map(String::from),
            province: province.to_string(),
        })
    }

    /// `code` is `anc` or lies within it.
    fn within(code: u32, anc: u32) -> bool {
        if anc.is_multiple_of(10000) {
            code / 10000 == anc / 10000
        } else if anc.is_multiple_of(100) {
            code / 100 == anc / 100
        } else {
            code == anc
        }
    }

    /// Candidates consistent with a hint, if any is.
    fn narrowed(&self, cands: Vec<u32>, hints: &Hints) -> Vec<u32> {
        let fits = |c: u32| {
            hints.provinces.contains(&(c / 10000))
                || hints.codes.iter().any(|&h| h / 100 == c / 100 || h == c)
                || hints
                    .names
                    .iter()
                    .any(|n| self.lookup(n).iter().any(|&a| a != c && Self::within(c, a)))
        };
        let kept: Vec<u32> = cands.iter().copied().filter(|&c| fits(c)).collect();
        if kept.is_empty() { cands } else { kept }
    }

    /// Resolves the places a text names, outermost first (云南省, 红河州,
    /// 马关县), to the most specific division that is certain.
    pub fn resolve(&self, chain: &[&str], hints: &Hints) -> Option<Division> {
        let (last, outer) = chain.split_last()?;
        let mut cands: Vec<u32> = self.lookup(last).to_vec();
        for o in outer {
            let ancestors = self.lookup(o);
            if !ancestors.is_empty() {
                cands.retain(|&c| ancestors.iter().any(|&a| Self::within(c, a)));
            }
        }
        if cands.len() > 1 {
            cands = self.narrowed(cands, hints);
        }
        match cands.as_slice() {
            [] => None,
            [one] => self.division(*one),
            many => self.common(many),
        }
    }

    /// The most specific division all of `codes` lie in.
    fn common(&self, codes: &[u32]) -> Option<Division> {
        let pref = codes[0] / 100;
        if codes.iter().all(|c| c / 100 == pref) && !pref.is_multiple_of(100) {
            return self.division(pref * 100);
        }
        let prov = codes[0] / 10000;
        codes
            .iter()
            .all(|c| c / 10000 == prov)
            .then(|| self.division(prov * 10000))
            .flatten()
    }
}

impl Division {
    /// 云南省 › 文山壮族苗族自治州 › 马关县 (532625).
    pub fn describe(&self) -> String {
        let mut parts = vec![self.province.as_str()];
        if let Some(p) = self.prefecture.as_deref().filter(|p| *p != self.province) {
            parts.push(p);
        }
        parts.extend(self.county.as_deref());
        format!("{} ({})", parts.join(" › "), self.code)
    }

    /// The area of this division at `level` (省, 市, 州, 县, 区 …): the
    /// province, prefecture or county whose name ends with it.
    pub fn area_of_level(&self, level: char) -> Option<String> {
        [
            self.county.as_deref(),
            self.prefecture.as_deref(),
            Some(self.province.as_str()),
        ]
        .into_iter()
        .flatten()
        .find(|n| n.ends_with(level))
        .map(String::from)
    }

    /// The values the `region` field holds besides the text as written: each
    /// level's name, and the short form with its level of an autonomous one
    /// (文山州), so that `region:云南`, `region:文山州` and `region:马关` match.
    pub fn index_values(&self) -> Vec<String> {
        let mut out = Vec::new();
        for name in [
            Some(&self.province),
            self.prefecture.as_ref(),
            self.county.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            if !out.contains(name) {
                out.push(name.clone());
            }
            if let (Some(short), Some(level)) = (short_name(name), name.chars().last())
                && name.contains("自治")
            {
                out.push(format!("{short}{level}"));
            }
        }
        out
    }
}

/// The province a one-character abbreviation names (黔 → 52, 滇 → 53), as
/// used at the head of document numbers and site registrations.
pub fn province_of_abbrev(c: char) -> Option<u32> {
    Some(match c {
        '京' => 11,
        '津' => 12,
        '冀' => 13,
        '晋' => 14,
        '蒙' => 15,
        '辽' => 21,
        '吉' => 22,
        '黑' => 23,
        '沪' => 31,
        '苏' => 32,
        '浙' => 33,
        '皖' => 34,
        '闽' => 35,
        '赣' => 36,
        '鲁' => 37,
        '豫' => 41,
        '鄂' => 42,
        '湘' => 43,
        '粤' => 44,
        '桂' => 45,
        '琼' => 46,
        '渝' => 50,
        '川' | '蜀' => 51,
        '黔' | '贵' => 52,
        '滇' | '云' => 53,
        '藏' => 54,
        '陕' | '秦' => 61,
        '甘' | '陇' => 62,
        '青' => 63,
        '宁' => 64,
        '新' => 65,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(chain: &[&str], hints: &Hints) -> Option<Division> {
        table().resolve(chain, hints)
    }

    fn none() -> Hints {
        Hints::default()
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name("文山壮族苗族自治州").as_deref(), Some("文山"));
        assert_eq!(short_name("红河哈尼族彝族自治州").as_deref(), Some("红河"));
        assert_eq!(short_name("宁夏回族自治区").as_deref(), Some("宁夏"));
        assert_eq!(short_name("新疆维吾尔自治区").as_deref(), Some("新疆"));
        assert_eq!(short_name("昆明市").as_deref(), Some("昆明"));
        assert_eq!(short_name("马关县").as_deref(), Some("马关"));
        assert_eq!(short_name("沧县"), None);
        assert_eq!(short_name("阿里地区").as_deref(), Some("阿里"));
    }

    #[test]
    fn counties_resolve_with_their_hierarchy() {
        let d = resolve(&["马关县"], &none()).unwrap();
        assert_eq!(d.province, "云南省");
        assert_eq!(d.prefecture.as_deref(), Some("文山壮族苗族自治州"));
        assert_eq!(d.county.as_deref(), Some("马关县"));
        assert_eq!(d.code, "532625");
        let d = resolve(&["红河州"], &none()).unwrap();
        assert_eq!(
            (d.prefecture.as_deref(), d.county),
            (Some("红河哈尼族彝族自治州"), None)
        );
        let d = resolve(&["云南省"], &none()).unwrap();
        assert_eq!((d.code.as_str(), d.prefecture), ("530000", None));
        let d = resolve(&["綦江区"], &none()).unwrap();
        assert_eq!(d.prefecture.as_deref(), Some("重庆市"), "a municipality");
        assert_eq!(
            resolve(&["新浦区"], &none()),
            None,
            "not a division (any more)"
        );
    }

    #[test]
    fn ambiguous_names_by_context_or_not_at_all() {
        // 朝阳区 is in Beijing and in Changchun: not guessed.
        assert_eq!(table().lookup("朝阳区").len(), 2);
        assert_eq!(resolve(&["朝阳区"], &none()), None);
        // The outer place says which.
        let d = resolve(&["北京市", "朝阳区"], &none()).unwrap();
        assert_eq!(d.code, "110105");
        let d = resolve(&["长春市", "朝阳区"], &none()).unwrap();
        assert_eq!(d.province, "吉林省");
        // Or the province of the document number / site registration.
        let hints = Hints {
            provinces: vec![22],
            ..none()
        };
        assert_eq!(resolve(&["朝阳区"], &hints).unwrap().code, "220104");
        // Or another place the reply names.
        let hints = Hints {
            names: vec!["长春市".into()],
            ..none()
        };
        assert_eq!(resolve(&["朝阳区"], &hints).unwrap().code, "220104");
        // 鼓楼区 of Nanjing and of Xuzhou share only their province.
        let hints = Hints {
            provinces: vec![32],
            ..none()
        };
        let d = resolve(&["鼓楼区"], &hints).unwrap();
        assert_eq!(
            (d.code.as_str(), d.prefecture, d.county),
            ("320000", None, None)
        );
    }

    #[test]
    fn areas_and_index_values() {
        let d = resolve(&["东昌区"], &none()).unwrap();
        assert_eq!(d.area_of_level('市').as_deref(), Some("通化市"));
        assert_eq!(d.area_of_level('省').as_deref(), Some("吉林省"));
        let d = resolve(&["马关县"], &none()).unwrap();
        assert_eq!(
            d.index_values(),
            ["云南省", "文山壮族苗族自治州", "文山州", "马关县"]
        );
        assert_eq!(province_of_abbrev('黔'), Some(52));
    }
}
