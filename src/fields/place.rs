//! The places a name starts with: `云南省红河州马关县交通运输局` → 云南省,
//! 红河州, 马关县 and the rest, 交通运输局. A name may instead start with a
//! bare level (`省科技厅`, `区住建局`), which names no place.

/// Characters that end a place name at county level or above.
pub(crate) fn is_area_suffix(c: char) -> bool {
    matches!(c, '省' | '市' | '州' | '县' | '区' | '旗' | '盟')
}

/// Characters that cannot be part of a place name (department words follow).
fn is_stop(c: char) -> bool {
    !('\u{4E00}'..='\u{9FFF}').contains(&c)
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
                | '和'
        )
}

/// Words ending in 区/市/县 that are not administrative areas.
const NOT_PLACES: &[&str] = &[
    "城市", "城区", "市区", "社区", "园区", "景区", "山区", "林区", "矿区", "辖区", "市县", "县区",
    "地区", "小区", "街区", "校区",
];

/// Endings of zones that are not administrative areas.
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
    "合作区",
];

/// A name split into its places and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// Places at county level or above, outermost first.
    pub areas: Vec<String>,
    /// A town or street office after them (鹦鸽镇 in 太白县鹦鸽镇人民政府).
    pub town: Option<String>,
    /// A level standing alone for a place the reader knows (`省` in 省科技厅).
    pub bare: Option<char>,
    pub rest: &'a str,
}

/// One place at `cs[start..]`: the index of its last character.
fn area_at(cs: &[char], start: usize) -> Option<usize> {
    let end = (start + 12).min(cs.len());
    for i in start..end {
        let pair = (cs[i], cs.get(i + 1).copied());
        if is_stop(cs[i]) || matches!(pair, ('政', Some('协')) | ('人', Some('大' | '民'))) {
            return None;
        }
        let continues = i + 1 < cs.len()
            && is_area_suffix(cs[i + 1])
            && !matches!(
                (cs[i + 1], cs.get(i + 2)),
                ('市', Some('场' | '政' | '容' | '监')) | ('区', Some('域'))
            );
        if i > start && is_area_suffix(cs[i]) && !continues {
            let name: String = cs[start..=i].iter().collect();
            let zone = NOT_PLACES.contains(&name.as_str())
                || ZONE_SUFFIXES.iter().any(|z| name.ends_with(z));
            return (!zone).then_some(i);
        }
    }
    None
}

/// Government words that follow a town's name.
const TOWN_BODIES: &[&str] = &["人民政府", "政府", "办事处", "党委", "人大", "财政所"];

/// `鹦鸽镇` in `鹦鸽镇人民政府`: a town, township or street office named
/// before a government word. Its length in characters.
fn town_at(cs: &[char]) -> Option<usize> {
    (2..cs.len().min(9)).find(|&i| {
        let suffix_len = if cs[i - 2..i] == ['街', '道'] {
            2
        } else if matches!(cs[i - 1], '镇' | '乡') {
            1
        } else {
            return false;
        };
        i > suffix_len && {
            let tail: String = cs[i..].iter().collect();
            TOWN_BODIES.iter().any(|b| tail.starts_with(b))
        }
    })
}

/// Splits `s` (without spaces) into its places and the rest.
pub fn split(s: &str) -> Split<'_> {
    let cs: Vec<char> = s.chars().collect();
    let mut areas = Vec::new();
    let mut start = 0;
    while let Some(i) = area_at(&cs, start) {
        areas.push(cs[start..=i].iter().collect());
        start = i + 1;
    }
    let mut bare = None;
    if areas.is_empty() && cs.first().is_some_and(|&c| is_area_suffix(c)) {
        bare = Some(cs[0]);
        start = 1;
    }
    let town = town_at(&cs[start..]).map(|n| {
        let t: String = cs[start..start + n].iter().collect();
        start += n;
        t
    });
    let byte = cs[..start].iter().map(|c| c.len_utf8()).sum();
    Split {
        areas,
        town,
        bare,
        rest: &s[byte..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_split_off() {
        let s = split("云南省红河州马关县交通运输局");
        assert_eq!(s.areas, ["云南省", "红河州", "马关县"]);
        assert_eq!(s.rest, "交通运输局");
        let s = split("泸州市市场监督管理局");
        assert_eq!(
            (s.areas.as_slice(), s.rest),
            (&["泸州市".to_string()][..], "市场监督管理局")
        );
        let s = split("省科技厅");
        assert_eq!((s.bare, s.rest), (Some('省'), "科技厅"));
        assert!(s.areas.is_empty());
        let s = split("区住房和城乡建设局");
        assert_eq!((s.bare, s.rest), (Some('区'), "住房和城乡建设局"));
        let s = split("镇坪县文化和旅游广电局");
        assert_eq!(
            (s.areas.as_slice(), s.bare),
            (&["镇坪县".to_string()][..], None)
        );
        let s = split("太白县鹦鸽镇人民政府");
        assert_eq!(s.town.as_deref(), Some("鹦鸽镇"));
        assert_eq!(s.rest, "人民政府");
        let s = split("篾厂乡人民政府");
        assert_eq!((s.town.as_deref(), s.rest), (Some("篾厂乡"), "人民政府"));
        let s = split("县乡村振兴局");
        assert_eq!((s.bare, s.town, s.rest), (Some('县'), None, "乡村振兴局"));
        let s = split("市云台山风景名胜区管理委员会");
        assert_eq!((s.bare, s.rest), (Some('市'), "云台山风景名胜区管理委员会"));
        let s = split("临江经济开发区管委会");
        assert!(s.areas.is_empty() && s.bare.is_none());
        let s = split("县人民政府");
        assert_eq!((s.bare, s.rest), (Some('县'), "人民政府"));
    }
}
