//! An agency under its standard name: the place it serves (the innermost
//! county-level area, and a town when it is a town's) and the standard name
//! of the body, read through the common abbreviations, both ways:
//! 教体局 ≡ 教育体育局, 住建局 ≡ 住房和城乡建设局, 发改委 ≡ 发展和改革委员会, …
//!
//! A name is read as stems (教育, 体育, 科学技术 …, or their abbreviations)
//! joined as written (和, 与 or nothing) before a suffix (局, 厅, 委员会 …).
//! Only a name made wholly of known stems is rewritten, stem by stem, so
//! that 交通 becomes 交通运输 in 交通局 but never in 交通警察大队; any other
//! name is kept as written.

use super::place;

/// Standard stems and their other spellings, the usual abbreviation first
/// (the short form). A stem without spellings is listed so that names
/// made of it can be read.
const STEMS: &[(&str, &[&str])] = &[
    ("教育体育", &["教体", "教育和体育"]),
    (
        "住房和城乡建设",
        &["住建", "住房城乡建设", "住房与城乡建设"],
    ),
    ("交通运输", &["交通", "交运"]),
    ("发展和改革", &["发改", "发展改革"]),
    ("卫生健康", &["卫健", "卫生和健康"]),
    ("卫生和计划生育", &["卫计", "卫生计生"]),
    ("科学技术", &["科技", "科学技"]),
    (
        "人力资源和社会保障",
        &["人社", "人力资源社会保障", "人力社保"],
    ),
    ("工业和信息化", &["工信", "工业信息化"]),
    ("经济和信息化", &["经信", "经济信息化"]),
    ("市场监督管理", &["市监", "市场监管"]),
    ("文化和旅游", &["文旅", "文化旅游"]),
    ("文化广电和旅游", &["文广旅", "文化广电旅游", "文广旅游"]),
    ("文化广电", &["文广"]),
    ("自然资源和规划", &["自规", "自然资源规划"]),
    ("林业和草原", &["林草", "林业草原"]),
    ("应急管理", &["应急"]),
    ("医疗保障", &["医保"]),
    ("退役军人事务", &["退役军人"]),
    ("民族宗教事务", &["民宗", "民族宗教"]),
    ("国有资产监督管理", &["国资"]),
    ("机关事务管理", &["机关事务"]),
    ("粮食和物资储备", &["粮储"]),
    ("投资促进", &["投促"]),
    ("人民防空", &["人防"]),
    ("城市管理", &["城管"]),
    ("生态环境", &[]),
    ("自然资源", &[]),
    ("农业农村", &[]),
    ("乡村振兴", &[]),
    ("教育", &[]),
    ("体育", &[]),
    ("卫生", &[]),
    ("健康", &[]),
    ("文化", &[]),
    ("旅游", &[]),
    ("广电", &[]),
    ("广播电视", &[]),
    ("新闻出版", &[]),
    ("农业", &[]),
    ("农村", &[]),
    ("林业", &[]),
    ("水利", &[]),
    ("水务", &[]),
    ("财政", &[]),
    ("公安", &[]),
    ("民政", &[]),
    ("司法", &[]),
    ("审计", &[]),
    ("统计", &[]),
    ("商务", &[]),
    ("税务", &[]),
    ("信访", &[]),
    ("能源", &[]),
    ("气象", &[]),
    ("地震", &[]),
    ("档案", &[]),
    ("扶贫", &[]),
    ("数据", &[]),
    ("大数据", &[]),
    ("政务服务", &[]),
    ("政务服务管理", &[]),
    ("行政审批", &[]),
    ("行政审批服务", &[]),
    ("综合行政执法", &[]),
    ("城市管理综合行政执法", &[]),
    ("规划", &[]),
    ("环境保护", &["环保"]),
    ("安全生产监督管理", &["安监"]),
];

/// Whole names (after the place) that are not stems and a suffix.
const WHOLE: &[(&str, &[&str])] = &[
    ("人民政府办公室", &["政府办", "政府办公室"]),
    ("人民政府", &["政府"]),
    ("人民代表大会常务委员会", &["人大常委会"]),
    ("机构编制委员会办公室", &["编办", "编委办"]),
    ("网络安全和信息化委员会办公室", &["网信办"]),
    ("外事办公室", &["外办"]),
    ("残疾人联合会", &["残联"]),
    ("妇女联合会", &["妇联"]),
    ("科学技术协会", &["科协"]),
    ("工商业联合会", &["工商联"]),
    ("供销合作社", &["供销社"]),
    ("人民法院", &["法院"]),
    ("人民检察院", &["检察院"]),
];

/// Suffixes of a body, with their standard and short spellings.
const SUFFIXES: &[(&str, &str, &str)] = &[
    ("委员会", "委员会", "委"),
    ("办公室", "办公室", "办"),
    ("委", "委员会", "委"),
    ("办", "办公室", "办"),
    ("局", "局", "局"),
    ("厅", "厅", "厅"),
];

/// Connectors kept between stems as written.
const JOINS: &[char] = &['和', '与', '、'];

/// Which spelling of a name to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Standard,
    Short,
}

/// The longest stem spelling at the start of `s`: its length in bytes and
/// the stem's entry.
fn stem_at(s: &str) -> Option<(usize, &'static (&'static str, &'static [&'static str]))> {
    STEMS
        .iter()
        .flat_map(|e| {
            std::iter::once(e.0)
                .chain(e.1.iter().copied())
                .map(move |sp| (sp, e))
        })
        .filter(|(sp, _)| s.starts_with(sp))
        .max_by_key(|(sp, _)| sp.len())
        .map(|(sp, e)| (sp.len(), e))
}

/// `stems` rewritten stem by stem in `form`, if it is made of stems only.
fn rewrite_stems(stems: &str, form: Form) -> Option<String> {
    let mut out = String::new();
    let mut s = stems;
    let mut after_stem = false;
    while !s.is_empty() {
        if let Some(c) = s.chars().next().filter(|c| after_stem && JOINS.contains(c)) {
            out.push(c);
            s = &s[c.len_utf8()..];
            after_stem = false;
            continue;
        }
        let (len, (standard, spellings)) = stem_at(s)?;
        out.push_str(match (form, spellings.first()) {
            (Form::Short, Some(short)) => short,
            _ => standard,
        });
        s = &s[len..];
        after_stem = true;
    }
    after_stem.then_some(out)
}

/// The body's name (without the place) in `form`; as written when it is
/// not made of known parts.
fn body_name(name: &str, form: Form) -> String {
    if let Some((standard, spellings)) = WHOLE
        .iter()
        .find(|(std, sp)| *std == name || sp.contains(&name))
    {
        return match form {
            Form::Standard => standard.to_string(),
            Form::Short => spellings.first().unwrap_or(standard).to_string(),
        };
    }
    for &(suffix, standard, short) in SUFFIXES {
        let Some(stems) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) else {
            continue;
        };
        if let Some(stems) = rewrite_stems(stems, form) {
            let suffix = if form == Form::Short { short } else { standard };
            return stems + suffix;
        }
    }
    // A query may name a stem alone (住建, 发展改革).
    if let Some(s) = rewrite_stems(name, form) {
        return s;
    }
    // 管委会 is 管理委员会 whatever it manages.
    let (from, to) = match form {
        Form::Standard => ("管委会", "管理委员会"),
        Form::Short => ("管理委员会", "管委会"),
    };
    match name.strip_suffix(from) {
        Some(head) => format!("{head}{to}"),
        None => name.to_string(),
    }
}

/// The name is made of known parts.
fn known(name: &str) -> bool {
    body_name(name, Form::Standard) != name
        || WHOLE.iter().any(|(std, _)| *std == name)
        || rewrite_stems(name, Form::Standard).is_some()
        || SUFFIXES.iter().any(|(suffix, ..)| {
            name.strip_suffix(suffix)
                .is_some_and(|s| rewrite_stems(s, Form::Standard).is_some())
        })
}

/// One agency's name in `form`, with its place.
fn agency(name: &str, region: Option<&str>, form: Form) -> String {
    let mut split = place::split(name);
    // 市监局 is a name, not 市 + 监局.
    if split.bare.is_some() && split.town.is_none() && !known(split.rest) && known(name) {
        split = place::Split {
            areas: Vec::new(),
            town: None,
            bare: None,
            rest: name,
        };
    }
    let body = body_name(split.rest, form);
    let town = split.town.as_deref().unwrap_or("");
    let area = match (split.areas.last(), split.bare, region) {
        (Some(a), _, _) => a.as_str(),
        (None, Some(level), Some(r)) if r.ends_with(level) => r,
        (None, Some(level), _) => return format!("{level}{town}{body}"),
        (None, None, Some(r)) => r,
        (None, None, None) => "",
    };
    format!("{area}{town}{body}")
}

/// An organisation's name ends like one (a joint signature is several).
fn looks_like_org(s: &str) -> bool {
    [
        "局", "厅", "委", "办", "府", "院", "会", "室", "中心", "社", "站", "所",
    ]
    .iter()
    .any(|e| s.ends_with(e))
}

/// The names in `issuer`: several when it is a joint signature (names
/// separated by spaces, each an organisation), else one without spaces.
fn names(issuer: &str) -> Vec<String> {
    let parts: Vec<&str> = issuer.split_whitespace().collect();
    if parts.len() > 1 && parts.iter().all(|p| looks_like_org(p)) {
        parts.into_iter().map(String::from).collect()
    } else {
        vec![parts.concat()]
    }
}

fn in_form(issuer: &str, region: Option<&str>, form: Form) -> String {
    names(issuer)
        .iter()
        .map(|n| agency(n, region, form))
        .collect::<Vec<_>>()
        .join("、")
}

/// The canonical agency: innermost area (and town) + standard name, e.g.
/// `云南省红河州马关县交通局` → 马关县交通运输局; the reply's `region` stands
/// for a bare level (`省科技厅` + 贵州省 → 贵州省科学技术厅) or is put before
/// a name without a place. Names not made of known parts keep their
/// spelling.
pub fn canonical_agency(issuer: &str, region: Option<&str>) -> String {
    in_form(issuer, region, Form::Standard)
}

/// The same agency under the usual abbreviations (马关县交通局,
/// 泸州市发改委), indexed so that a query for a part of a short name finds it.
pub fn short_agency(issuer: &str, region: Option<&str>) -> String {
    in_form(issuer, region, Form::Short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_abbreviation_both_ways() {
        let pairs = [
            ("教体局", "教育体育局"),
            ("住建局", "住房和城乡建设局"),
            ("交通局", "交通运输局"),
            ("发改委", "发展和改革委员会"),
            ("卫健局", "卫生健康局"),
            ("卫健委", "卫生健康委员会"),
            ("科技局", "科学技术局"),
            ("科技厅", "科学技术厅"),
            ("人社局", "人力资源和社会保障局"),
            ("工信局", "工业和信息化局"),
            ("经信局", "经济和信息化局"),
            ("市监局", "市场监督管理局"),
            ("文旅局", "文化和旅游局"),
            ("自规局", "自然资源和规划局"),
            ("林草局", "林业和草原局"),
            ("应急局", "应急管理局"),
            ("医保局", "医疗保障局"),
            ("民宗委", "民族宗教事务委员会"),
            ("国资委", "国有资产监督管理委员会"),
            ("人防办", "人民防空办公室"),
            ("政府办", "人民政府办公室"),
            ("城管局", "城市管理局"),
            ("残联", "残疾人联合会"),
        ];
        for (short, standard) in pairs {
            assert_eq!(canonical_agency(short, None), standard, "{short}");
            assert_eq!(canonical_agency(standard, None), standard, "{standard}");
            assert_eq!(short_agency(standard, None), short, "{standard}");
            assert_eq!(short_agency(short, None), short, "{short}");
        }
    }

    #[test]
    fn other_spellings_and_places() {
        let c = |s, r| canonical_agency(s, r);
        assert_eq!(c("盐池县教体局", None), "盐池县教育体育局");
        assert_eq!(c("盐池县教育体育局", None), "盐池县教育体育局");
        assert_eq!(c("发展改革委", None), "发展和改革委员会");
        assert_eq!(
            c("市发展和改革委员会", Some("临江市")),
            "临江市发展和改革委员会"
        );
        assert_eq!(c("住房城乡建设局", None), "住房和城乡建设局");
        assert_eq!(c("云南省科学技厅", None), "云南省科学技术厅", "a typo");
        assert_eq!(c("云南省红河州马关县交通局", None), "马关县交通运输局");
        assert_eq!(c("省科技厅", Some("贵州省")), "贵州省科学技术厅");
        assert_eq!(c("省科技厅", Some("昆明市")), "省科学技术厅");
        assert_eq!(c("省科技厅", None), "省科学技术厅");
        assert_eq!(c("交通运输局", Some("马关县")), "马关县交通运输局");
        assert_eq!(c("泸州市 科学技术局", None), "泸州市科学技术局");
        assert_eq!(
            c("区住房和城乡建设局", Some("东昌区")),
            "东昌区住房和城乡建设局"
        );
        // Merged bureaus: each stem in its standard spelling, joins kept.
        assert_eq!(
            c("马关县农业农村和科技局", None),
            "马关县农业农村和科学技术局"
        );
        assert_eq!(c("高平市卫生健康和体育局", None), "高平市卫生健康和体育局");
        assert_eq!(c("镇坪县文化和旅游广电局", None), "镇坪县文化和旅游广电局");
        // Towns keep their county.
        assert_eq!(c("太白县鹦鸽镇人民政府", None), "太白县鹦鸽镇人民政府");
        assert_eq!(c("鹦鸽镇人民政府", Some("太白县")), "太白县鹦鸽镇人民政府");
        assert_eq!(c("重庆市綦江区郭扶镇政府", None), "綦江区郭扶镇人民政府");
        // Names not made of stems are kept.
        assert_eq!(c("交通警察大队", None), "交通警察大队");
        assert_eq!(c("沂南县体育事业发展中心", None), "沂南县体育事业发展中心");
        assert_eq!(
            c("市云台山风景名胜区管理委员会", None),
            "市云台山风景名胜区管理委员会"
        );
        assert_eq!(c("临江经济开发区管委会", None), "临江经济开发区管理委员会");
        assert_eq!(
            short_agency("临江经济开发区管理委员会", None),
            "临江经济开发区管委会"
        );
        // A joint signature: each name.
        assert_eq!(
            c("泸州市科技局 泸州市财政局", None),
            "泸州市科学技术局、泸州市财政局"
        );
    }

    #[test]
    fn query_values_without_a_suffix() {
        assert_eq!(canonical_agency("住建", None), "住房和城乡建设");
        assert_eq!(canonical_agency("教育", None), "教育");
        assert_eq!(canonical_agency("科学", None), "科学");
        assert_eq!(
            short_agency("住房和城乡建设局", Some("东昌区")),
            "东昌区住建局"
        );
    }
}
