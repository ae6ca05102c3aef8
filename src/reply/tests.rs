//! Tests of [`extract`] on whole texts, and of the field types.

use super::*;
use std::path::Path;

fn v(f: &Option<Sourced<String>>) -> Option<&str> {
    f.as_ref().map(|s| s.value.as_str())
}

fn num(f: &Option<Sourced<u64>>) -> Option<u64> {
    f.as_ref().map(|s| s.value)
}

fn who(f: &Option<Sourced<Contact>>) -> Option<&Contact> {
    f.as_ref().map(|s| &s.value)
}

fn line<T>(f: &Option<Sourced<T>>) -> Option<usize> {
    f.as_ref().map(|s| s.line)
}

fn contact(dept: Option<&str>, name: Option<&str>, phone: Option<&str>) -> Contact {
    Contact {
        dept: dept.map(str::to_string),
        name: name.map(str::to_string),
        phone: phone.map(str::to_string),
    }
}

/// The five real replies in `corpus/` (next to Cargo.toml).
fn seed(name: &str) -> ReplyFields {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    extract(&text)
}

// -- the five seeds ------------------------------------------------------

#[test]
fn seed_000_xishuangbanna() {
    let f = seed("000_24d05db7a1763a13.txt");
    assert_eq!(
        v(&f.title),
        Some("对政协西双版纳州十三届二次会议第5号提案的答复")
    );
    assert_eq!(line(&f.title), Some(1));
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(v(&f.meeting), Some("政协西双版纳州十三届二次会议"));
    assert_eq!(num(&f.number), Some(5));
    // The opening 《 is lost in the source: recovered from 关于.
    assert_eq!(
        v(&f.proposal_title),
        Some("关于提升重点产业科技成果产业化率的建议")
    );
    assert_eq!(v(&f.addressee), Some("陈燕萍3位委员"));
    assert_eq!(line(&f.addressee), Some(6));
    assert_eq!(f.proposers, ["陈燕萍"]);
    // No issuer in the title or signature: the 来源 line.
    assert_eq!(v(&f.issuer), Some("西双版纳州科技局"));
    assert_eq!(line(&f.issuer), Some(3));
    assert_eq!(
        f.issuer.as_ref().unwrap().source,
        "来源 :西双版纳州科技局 访问次数 : 发布时间 :2023-10-19"
    );
    assert_eq!(f.issuer_normalized.as_deref(), Some("西双版纳州科学技术局"));
    assert_eq!(v(&f.region), Some("西双版纳州"));
    assert_eq!(v(&f.published), Some("2023-10-19"));
    // Signature reads `202397`: the only valid split is 2023-9-7.
    assert_eq!(v(&f.date), Some("2023-09-07"));
    assert_eq!(f.date.as_ref().unwrap().source, "202397");
    assert_eq!(v(&f.doc_number), None);
    assert_eq!(
        who(&f.contact),
        Some(&contact(None, Some("莹"), Some("0691-2150218")))
    );
}

#[test]
fn seed_001_yunnan_no_title() {
    let f = seed("001_2ec3d92a9b4a3d62.txt");
    assert_eq!(f.title, None);
    assert_eq!(v(&f.addressee), Some("杨建林委员"));
    assert_eq!(line(&f.addressee), Some(1));
    assert_eq!(f.proposers, ["杨建林"]);
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(f.meeting, None);
    assert_eq!(f.number, None);
    assert_eq!(
        v(&f.proposal_title),
        Some("关于充分发挥云南区位和开放优势加快推动新质生产力发展的提案")
    );
    assert_eq!(v(&f.issuer), Some("云南省科学技厅"));
    assert_eq!(line(&f.issuer), Some(51));
    assert_eq!(f.issuer_normalized.as_deref(), Some("云南省科学技术厅"));
    assert_eq!(v(&f.region), Some("云南省"));
    assert_eq!(v(&f.date), Some("2024-05-31"));
    assert_eq!(line(&f.date), Some(52));
    assert_eq!(f.published, None);
    assert_eq!(f.doc_number, None);
    assert_eq!(
        who(&f.contact),
        Some(&contact(
            Some("战略规划处"),
            Some("桂宝艳"),
            Some("63104060")
        ))
    );
    assert_eq!(line(&f.contact), Some(53));
}

#[test]
fn seed_002_luzhou_letter() {
    let f = seed("002_1410f8f5c1ce2d66.txt");
    assert_eq!(
        v(&f.title),
        Some("泸州市科学技术局对市政协九届三次会议第114号提案答复的函")
    );
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复的函"));
    assert_eq!(v(&f.meeting), Some("市政协九届三次会议"));
    assert_eq!(num(&f.number), Some(114));
    assert_eq!(
        v(&f.proposal_title),
        Some("关于打造成渝地区双城经济圈科技成果转化示范区的建议")
    );
    assert_eq!(v(&f.addressee), Some("民建泸州市委"));
    assert_eq!(f.proposers, ["民建泸州市委"]);
    assert_eq!(v(&f.issuer), Some("泸州市科学技术局"));
    assert_eq!(f.issuer_normalized.as_deref(), Some("泸州市科学技术局"));
    assert_eq!(v(&f.region), Some("泸州市"));
    // Stray web text (温馨提示…) after the signature is skipped.
    assert_eq!(v(&f.date), Some("2024-07-29"));
    assert_eq!(line(&f.date), Some(24));
    assert_eq!(f.published, None);
    assert_eq!(f.doc_number, None);
    assert_eq!(f.contact, None);
}

#[test]
fn seed_003_kunming_no_issuer() {
    let f = seed("003_032a5aed1bd1ca86.txt");
    assert_eq!(
        v(&f.title),
        Some("关于政协昆明市第十四届二次会议 第142194号提案答复的函")
    );
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复的函"));
    assert_eq!(v(&f.meeting), Some("政协昆明市第十四届二次会议"));
    assert_eq!(num(&f.number), Some(142194));
    assert_eq!(
        v(&f.proposal_title),
        Some("关于提升我市企业科技创新能力的建议")
    );
    assert_eq!(v(&f.addressee), Some("陈德理委员"));
    assert_eq!(f.proposers, ["陈德理"]);
    // The text never names the answering body.
    assert_eq!(f.issuer, None);
    assert_eq!(f.issuer_normalized, None);
    assert_eq!(v(&f.region), Some("昆明市"));
    assert_eq!(v(&f.date), Some("2023-06-19"));
    assert_eq!(f.published, None);
    assert_eq!(f.doc_number, None);
    assert_eq!(f.contact, None);
}

#[test]
fn seed_004_guizhou() {
    let f = seed("004_de198401c87ff685.txt");
    assert_eq!(
        v(&f.title),
        Some("省科技厅关于省政协十二届五次会议第1085号提案的答复")
    );
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(v(&f.meeting), Some("省政协十二届五次会议"));
    assert_eq!(num(&f.number), Some(1085));
    assert_eq!(v(&f.doc_number), Some("黔科提复字〔2022〕56号"));
    assert_eq!(line(&f.doc_number), Some(11));
    assert_eq!(
        v(&f.proposal_title),
        Some("关于改善科技成果转化机制 促进中小企业健康发展的建议")
    );
    assert_eq!(v(&f.addressee), Some("民建贵州省委员会"));
    assert_eq!(f.proposers, ["民建贵州省委员会"]);
    assert_eq!(v(&f.issuer), Some("省科技厅"));
    // 黔 in the document number names the province of a 省… issuer.
    assert_eq!(v(&f.region), Some("贵州省"));
    assert_eq!(f.issuer_normalized.as_deref(), Some("贵州省科学技术厅"));
    assert_eq!(v(&f.date), Some("2022-06-30"));
    assert_eq!(v(&f.published), Some("2022-07-25"));
    assert_eq!(line(&f.published), Some(5));
    assert_eq!(
        who(&f.contact),
        Some(&contact(None, Some("周阳"), Some("0851-85815654")))
    );
}

// -- synthetic fixtures ---------------------------------------------------

/// A deputy's suggestion (人大代表建议), CRLF, BOM, full-width digits.
const DEPUTY: &str = "\u{FEFF}关于市十七届人大三次会议第２３号建议的答复\r\n\r\n\
    王小明代表：\r\n\
    您提出的《关于加快城区停车场建设的建议》收悉，现答复如下：\r\n\
    一、基本情况\r\n\
    近年来，我市新建公共停车场１２处。\r\n\
    感谢您对交通工作的关心和支持。\r\n\
    临江市交通运输局\r\n\
    ２０２３年７月５日\r\n\
    （联系人：李四，联系电话：０７１２—４５６７８９０）\r\n";

#[test]
fn deputy_suggestion_with_crlf_bom_fullwidth() {
    let f = extract(DEPUTY);
    assert_eq!(
        v(&f.title),
        Some("关于市十七届人大三次会议第23号建议的答复")
    );
    let title = f.title.as_ref().unwrap();
    assert_eq!(title.line, 1);
    // `source` is the original line (BOM and CR trimmed, width kept).
    assert_eq!(title.source, "关于市十七届人大三次会议第２３号建议的答复");
    assert_eq!(v(&f.kind), Some("建议"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(v(&f.meeting), Some("市十七届人大三次会议"));
    assert_eq!(num(&f.number), Some(23));
    assert_eq!(v(&f.proposal_title), Some("关于加快城区停车场建设的建议"));
    assert_eq!(v(&f.addressee), Some("王小明代表"));
    assert_eq!(line(&f.addressee), Some(3));
    assert_eq!(f.proposers, ["王小明"]);
    assert_eq!(v(&f.issuer), Some("临江市交通运输局"));
    assert_eq!(line(&f.issuer), Some(8));
    assert_eq!(v(&f.region), Some("临江市"));
    assert_eq!(v(&f.date), Some("2023-07-05"));
    assert_eq!(line(&f.date), Some(9));
    assert_eq!(
        who(&f.contact),
        Some(&contact(None, Some("李四"), Some("0712-4567890")))
    );
    assert_eq!(f.published, None);
    assert_eq!(f.doc_number, None);
}

/// A bill (议案) answered with 回复, a 〔年份〕号 number, Chinese numerals.
const BILL: &str = "临江县水利局\n\
    关于县十八届人大二次会议第3号议案办理情况的回复\n\
    临水复〔2024〕7号\n\
    张三、李四等5位代表：\n\
    你们提出的“关于实施城乡供水一体化工程的议案”已交我局办理，现回复如下：\n\
    一、工作进展\n\
    全县已建成规模化水厂3座（见临政发〔2023〕12号文件）。\n\
    临江县水利局\n\
    二〇二四年六月三十日\n";

#[test]
fn bill_answered_with_huifu() {
    let f = extract(BILL);
    assert_eq!(
        v(&f.title),
        Some("关于县十八届人大二次会议第3号议案办理情况的回复")
    );
    assert_eq!(line(&f.title), Some(2));
    assert_eq!(v(&f.kind), Some("议案"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(v(&f.meeting), Some("县十八届人大二次会议"));
    assert_eq!(num(&f.number), Some(3));
    // The standalone line, not the citation inside a sentence.
    assert_eq!(v(&f.doc_number), Some("临水复〔2024〕7号"));
    assert_eq!(v(&f.addressee), Some("张三、李四等5位代表"));
    assert_eq!(f.proposers, ["张三", "李四"]);
    assert_eq!(
        v(&f.proposal_title),
        Some("关于实施城乡供水一体化工程的议案")
    );
    assert_eq!(v(&f.issuer), Some("临江县水利局"));
    assert_eq!(v(&f.region), Some("临江县"));
    assert_eq!(v(&f.date), Some("2024-06-30"));
    assert_eq!(line(&f.date), Some(9));
}

/// A CPPCC 提案 with a title broken over three lines, page chrome, a
/// mangled signature date and neighbours' titles in 上一篇/下一篇.
const BROKEN_TITLE: &str = "当前位置：首页 > 建议提案\n\
    临江县农业农村局\n\
    关于对县政协十届二次会议\n\
    第15号提案的\n\
    答 复\n\
    发布时间：2021年09月03日 浏览次数：12\n\
    刘一委员：\n\
    您在县政协十届二次会议上提出的“关于发展特色种植业的建议”提案收悉，现答复如下：\n\
    我局高度重视。\n\
    临江县农业农村局\n\
    2021823\n\
    上一篇：关于对县政协十届二次会议第14号提案的答复\n\
    下一篇：关于对县政协十届二次会议第16号提案的答复\n\
    x 关闭\n";

#[test]
fn broken_title_chrome_and_mangled_date() {
    let f = extract(BROKEN_TITLE);
    assert_eq!(
        v(&f.title),
        Some("关于对县政协十届二次会议第15号提案的答复")
    );
    assert_eq!(line(&f.title), Some(3));
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.letter), Some("答复"));
    assert_eq!(v(&f.meeting), Some("县政协十届二次会议"));
    assert_eq!(num(&f.number), Some(15));
    assert_eq!(v(&f.published), Some("2021-09-03"));
    assert_eq!(v(&f.addressee), Some("刘一委员"));
    assert_eq!(v(&f.proposal_title), Some("关于发展特色种植业的建议"));
    assert_eq!(v(&f.issuer), Some("临江县农业农村局"));
    assert_eq!(v(&f.region), Some("临江县"));
    // 2021823: only 8/23 is a valid month/day split.
    assert_eq!(v(&f.date), Some("2021-08-23"));
    assert_eq!(line(&f.date), Some(11));
}

/// A co-handling opinion on a page with a metadata table, the proposer
/// named inside the opening, and a footer naming the site owner.
const COHANDLING: &str = "| 索 引 号 | 123/2020-01 | 发布机构 | 云台市信息中心 |\n\
    | 标 题 | 对市政协八届三次会议第102号提案的协办意见 | 发文日期 | 2020-06-11 |\n\
    | 文 号 | 云公函〔2020〕9号 | 主 题 词 | |\n\
    市教育局：\n\
    现对民盟云台市委提出的《关于加强校园安全的提案》提出如下协办意见：\n\
    一、加强巡逻。\n\
    云台市公安局\n\
    2020年6月5日\n\
    联系人：王五；联系电话：12345678\n\
    主办单位：云台市人民政府办公室 地址：人民路1号\n";

#[test]
fn cohandling_opinion_in_a_table() {
    let f = extract(COHANDLING);
    assert_eq!(
        v(&f.title),
        Some("对市政协八届三次会议第102号提案的协办意见")
    );
    assert_eq!(v(&f.letter), Some("协办意见"));
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.meeting), Some("市政协八届三次会议"));
    assert_eq!(num(&f.number), Some(102));
    assert_eq!(v(&f.doc_number), Some("云公函〔2020〕9号"));
    assert_eq!(v(&f.published), Some("2020-06-11"));
    // 市教育局 is the main handler, not the proposer.
    assert_eq!(v(&f.addressee), Some("民盟云台市委"));
    assert_eq!(f.proposers, ["民盟云台市委"]);
    assert_eq!(v(&f.proposal_title), Some("关于加强校园安全的提案"));
    assert_eq!(v(&f.issuer), Some("云台市公安局"));
    assert_eq!(v(&f.region), Some("云台市"));
    assert_eq!(v(&f.date), Some("2020-06-05"));
    assert_eq!(
        who(&f.contact),
        Some(&contact(None, Some("王五"), Some("12345678")))
    );
}

#[test]
fn footer_is_not_the_issuer_but_names_the_bare_level() {
    let text = "对区九届人大四次会议第31号代表建议的答复\n\
        来源：区住房和城乡建设局\n\
        赵六代表：\n\
        您提出的《关于增设公共厕所的建议》收悉，现答复如下：\n\
        我局将积极推进。\n\
        主办单位：北湖市东湖区人民政府 地址：江畔路1号 邮编：100000\n";
    let f = extract(text);
    assert_eq!(v(&f.issuer), Some("区住房和城乡建设局"));
    assert_eq!(v(&f.region), Some("东湖区"));
    assert_eq!(
        f.issuer_normalized.as_deref(),
        Some("东湖区住房和城乡建设局")
    );
    assert_eq!(v(&f.kind), Some("建议"));
    assert_eq!(f.date, None, "no signature date: not guessed");
}

#[test]
fn province_from_document_number() {
    let text = "省教育厅关于省政协十三届一次会议第88号提案的答复\n\
        滇教提复〔2023〕12号\n\
        致公党云南省委：\n\
        贵单位提出的《关于加强职业教育的建议》收悉，现答复如下：\n\
        一、总体情况\n\
        2023年6月1日\n";
    let f = extract(text);
    assert_eq!(v(&f.issuer), Some("省教育厅"));
    assert_eq!(v(&f.region), Some("云南省"));
    assert_eq!(f.issuer_normalized.as_deref(), Some("云南省教育厅"));
    assert_eq!(v(&f.addressee), Some("致公党云南省委"));
    assert_eq!(f.proposers, ["致公党云南省委"]);
    assert_eq!(v(&f.date), Some("2023-06-01"));
}

#[test]
fn one_paragraph_page_is_cut_into_segments() {
    let body = "近年来，我县每年都组织开展全民健身运动会和各类人群综合性赛事，围绕重要时间节点策划组织形式多样的主题健身活动。";
    let text = format!(
        "发布机构 | 临江县体育事业发展中心 | 发布日期 | 2021-08-02 |\n\
         标 题 | 关于对开展全民健身的提案的答复 |\n\
         张晓哲委员: 您提出的“开展全民健身,增强体质”提案收悉,现将办理情况答复如下: {body} {body} 联系电话:3221671 2021年7月15日 |\n"
    );
    let f = extract(&text);
    assert_eq!(v(&f.title), Some("关于对开展全民健身的提案的答复"));
    assert_eq!(v(&f.addressee), Some("张晓哲委员"));
    assert_eq!(v(&f.proposal_title), Some("开展全民健身,增强体质"));
    assert_eq!(v(&f.issuer), Some("临江县体育事业发展中心"));
    assert_eq!(v(&f.region), Some("临江县"));
    assert_eq!(v(&f.published), Some("2021-08-02"));
    assert_eq!(v(&f.date), Some("2021-07-15"));
    assert_eq!(line(&f.date), Some(3));
    assert_eq!(who(&f.contact), Some(&contact(None, None, Some("3221671"))));
}

#[test]
fn number_without_di_and_deputy_with_level() {
    let text = "对君山区第五届人民代表大会第四次会议16号议案《关于开通公交车线路的建设》\n\
        答 复\n\
        尊敬的王亚春区人大代表:\n\
        您在君山区第五届人民代表大会第四次会议提出《关于开通公交车线路的建议》已收悉,现答复如下:\n\
        2020年7月15日\n\
        承办人及联系电话:邓顺锡 13789037627\n";
    let f = extract(text);
    assert_eq!(
        v(&f.title),
        Some("对君山区第五届人民代表大会第四次会议16号议案《关于开通公交车线路的建设》答复")
    );
    assert_eq!(v(&f.kind), Some("议案"));
    assert_eq!(num(&f.number), Some(16));
    assert_eq!(v(&f.meeting), Some("君山区第五届人民代表大会第四次会议"));
    assert_eq!(v(&f.region), Some("君山区"));
    assert_eq!(v(&f.addressee), Some("王亚春区人大代表"));
    assert_eq!(f.proposers, ["王亚春"]);
    assert_eq!(
        who(&f.contact),
        Some(&contact(None, Some("邓顺锡"), Some("13789037627")))
    );
}

#[test]
fn kind_from_role_when_the_text_names_nothing_else() {
    let deputy = "郭宏杰代表:\n您提出的《关于解决低保问题的建议》已收悉,现答复如下:\n正文。\n抚顺市民政局\n二○一八年四月三日\n";
    let f = extract(deputy);
    assert_eq!(v(&f.kind), Some("建议"));
    assert_eq!(v(&f.date), Some("2018-04-03"));
    assert_eq!(v(&f.issuer), Some("抚顺市民政局"));
    let member =
        "刘林波委员:\n你提出的关于安装净化设备的建议,已交我们研究办理,现答复如下:\n正文。\n";
    let f = extract(member);
    assert_eq!(v(&f.kind), Some("提案"));
    assert_eq!(v(&f.proposal_title), Some("关于安装净化设备的建议"));
}

#[test]
fn inline_proposer_in_opening() {
    let text = "达川区经济和信息化局关于区政协三届一次会议第033号提案协办意见的函\n\
        达川经信函〔2021〕153号\n\
        区乡村振兴局:\n\
        现将田龙琼委员在区政协三届一次会议上提出的《关于加大乡村基础设施建设扶持力度的建议》(第033号提案)协办意见函告如下:\n\
        正文。\n\
        达州市达川区经济和信息化局\n\
        2021年12月24日\n\
        (承办股室及电话:电力股杨祚华0818—5123202)\n";
    let f = extract(text);
    assert_eq!(v(&f.addressee), Some("田龙琼委员"));
    assert_eq!(f.proposers, ["田龙琼"]);
    assert_eq!(num(&f.number), Some(33));
    assert_eq!(v(&f.letter), Some("协办意见"));
    assert_eq!(v(&f.issuer), Some("达川区经济和信息化局"));
    assert_eq!(
        who(&f.contact),
        Some(&contact(
            Some("电力股"),
            Some("杨祚华"),
            Some("0818-5123202")
        ))
    );
}

#[test]
fn text_with_no_fields() {
    for text in [
        "今天天气很好。\n我们去公园散步，看到很多花。\n",
        "首页 > 政务公开 > 建议提案\n上一篇：无\n下一篇：无\nx 关闭\n",
        "",
    ] {
        assert_eq!(extract(text), ReplyFields::default(), "{text:?}");
    }
}

#[test]
fn prose_about_replies_is_not_a_reply() {
    let text = "dafu indexes Chinese government replies to proposals (提案答复, 建议答复).\n\
        A title line (对政协西双版纳州十三届二次会议第5号提案的答复), a document number\n\
        - doc_number: e.g. 黔科提复字〔2022〕56号\n\
        How did each agency answer proposal 第1085号?\n";
    let f = extract(text);
    assert_eq!(f.title, None);
    assert_eq!(f.kind, None);
    assert_eq!(f.meeting, None);
    assert_eq!(f.number, None);
    assert_eq!(f.doc_number, None);
}

#[test]
fn body_citations_are_not_fields() {
    // A document number, a meeting and a date inside sentences only.
    let text = "根据《临江县促进条例》（临政发〔2019〕2号），省第十二届人民代表大会常务委员会第三十二次会议通过。\n\
        2019年起施行，成效显著。\n";
    let f = extract(text);
    assert_eq!(f.doc_number, None);
    assert_eq!(f.meeting, None);
    assert_eq!(f.date, None);
}

#[test]
fn serializes_to_json() {
    let f = extract(DEPUTY);
    let j = serde_json::to_value(&f).unwrap();
    assert_eq!(j["number"]["value"], 23);
    assert_eq!(j["number"]["line"], 1);
    assert_eq!(j["proposers"][0], "王小明");
    assert_eq!(j["contact"]["value"]["phone"], "0712-4567890");
    assert!(j["doc_number"].is_null());
}

// -- serialization and views ------------------------------------------------

/// Every field present, so that no key is left out of a comparison.
fn full() -> ReplyFields {
    let s = |line, value: &str| Sourced {
        line,
        source: format!("第{line}行"),
        value: value.to_string(),
    };
    ReplyFields {
        addressee: Some(s(3, "张三、李四委员")),
        contact: Some(Sourced {
            line: 9,
            source: "联系人:王五 12345678".into(),
            value: contact(Some("办公室"), Some("王五"), Some("12345678")),
        }),
        date: Some(s(8, "2022-06-30")),
        division: crate::fields::region::table().resolve(&["贵州省"], &Default::default()),
        doc_number: Some(s(2, "黔科提复字〔2022〕56号")),
        issuer: Some(s(1, "省科技厅")),
        issuer_normalized: Some("贵州省科学技术厅".into()),
        kind: Some(s(1, "提案")),
        letter: Some(s(1, "答复")),
        meeting: Some(s(1, "省政协十二届五次会议")),
        meeting_parts: crate::fields::MeetingParts::from_text(
            "省政协十二届五次会议",
            Some("贵州省"),
            &|_, _| None,
        ),
        number: Some(Sourced {
            line: 1,
            source: "第1行".into(),
            value: 1085,
        }),
        outcome: Some(s(6, "B")),
        proposal_title: Some(s(4, "关于改善科技成果转化机制的建议")),
        proposers: vec!["张三".into(), "李四".into()],
        published: Some(s(5, "2022-07-25")),
        region: Some(s(2, "贵州省")),
        title: Some(s(1, "省科技厅关于省政协十二届五次会议第1085号提案的答复")),
    }
}

#[test]
fn json_keys_are_sorted_and_round_trip() {
    for f in [full(), extract(DEPUTY), ReplyFields::default()] {
        let direct = serde_json::to_string(&f).unwrap();
        // `Value` sorts its keys: the same bytes means the fields are declared
        // in alphabetical order.
        assert_eq!(direct, serde_json::to_value(&f).unwrap().to_string());
        let back: ReplyFields = serde_json::from_str(&direct).unwrap();
        assert_eq!(back, f);
    }
}

#[test]
fn field_names_are_the_view_order_and_the_json_keys() {
    let f = full();
    let viewed: Vec<&str> = f.view().iter().map(|v| v.name).collect();
    assert_eq!(viewed, FIELD_NAMES);
    let json = serde_json::to_value(&f).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut names = FIELD_NAMES.to_vec();
    keys.sort_unstable();
    names.sort_unstable();
    assert_eq!(keys, names);
}

#[test]
fn view_values_and_sources() {
    assert!(ReplyFields::default().view().is_empty());
    let f = full();
    let view = f.view();
    let get = |name| view.iter().find(|v| v.name == name).unwrap();
    assert_eq!(get("number").value, FieldValue::Number(1085));
    assert_eq!(get("number").source, Some((1, "第1行")));
    assert_eq!(get("region").value, FieldValue::Text("贵州省"));
    assert_eq!(get("region").source, Some((2, "第2行")));
    assert_eq!(
        get("proposers").value,
        FieldValue::List(&["张三".to_string(), "李四".to_string()])
    );
    assert_eq!(get("proposers").source, None);
    assert_eq!(
        get("issuer_normalized").value,
        FieldValue::Text("贵州省科学技术厅")
    );
    let meeting = get("meeting_parts");
    assert!(matches!(meeting.value, FieldValue::Meeting(m) if m.label == "贵州省政协十二届五次"));
    assert_eq!(meeting.source, None);
    assert_eq!(get("outcome").value, FieldValue::Text("B"));
    assert!(matches!(get("division").value, FieldValue::Division(d) if d.code == "520000"));
    assert_eq!(get("issuer_normalized").source, None);
    assert_eq!(
        get("contact").value,
        FieldValue::Contact(&contact(Some("办公室"), Some("王五"), Some("12345678")))
    );
    // Absent fields and an empty proposers list are left out.
    let f = ReplyFields {
        proposers: Vec::new(),
        issuer_normalized: None,
        date: None,
        ..full()
    };
    let names: Vec<&str> = f.view().iter().map(|v| v.name).collect();
    assert!(!names.contains(&"proposers"));
    assert!(!names.contains(&"issuer_normalized"));
    assert!(!names.contains(&"date"));
    assert_eq!(names.len(), FIELD_NAMES.len() - 3);
}

#[test]
fn contact_parts() {
    let all = contact(Some("办公室"), Some("王五"), Some("12345678"));
    let parts: Vec<_> = all.parts().collect();
    assert_eq!(
        parts,
        [("dept", "办公室"), ("name", "王五"), ("phone", "12345678")]
    );
    let some = contact(None, Some("莹"), Some("0691-2150218"));
    let parts: Vec<_> = some.parts().collect();
    assert_eq!(parts, [("name", "莹"), ("phone", "0691-2150218")]);
    assert_eq!(Contact::default().parts().count(), 0);
}

// -- robustness --------------------------------------------------------------

/// A small deterministic generator (no external crates).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn never_panics_on_odd_input() {
    let huge_line: String =
        "关于第1号提案的答复《》“”会议届次二〇二三年提出在委员：联系人 0123-4567890 〔2023〕5号|"
            .repeat(4000);
    let many_lines = "第\n号\n《\n》\n2023\n年\n:\n委员\n".repeat(5000);
    let odd = [
        String::new(),
        " \t\r\n \u{3000}\n\n".to_string(),
        "\u{FEFF}".to_string(),
        "\r\r\r".to_string(),
        "》》》》《《《“”第号〔〕【】((()))".to_string(),
        "第号第号提案第999999999999999999999号建议".to_string(),
        "二〇二四年十三月四十日\n9999年99月99日\n".to_string(),
        "委员:\n代表:\n:\n尊敬的\n".to_string(),
        "联系人\n联系人:\n电话:-------\n".to_string(),
        huge_line.clone(),
        format!("{huge_line}\n{huge_line}"),
        many_lines,
        "关于".repeat(100_000),
        "提出".repeat(100_000),
        "》".repeat(100_000),
    ];
    for text in &odd {
        let _ = extract(text);
    }
    let mut rng = Lcg(42);
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..rng.next() % 600).map(|_| rng.next() as u8).collect();
        let _ = extract(&String::from_utf8_lossy(&bytes));
    }
    let alphabet: Vec<char> = "关于对第号提案建议议案的答复回复函委员代表会议政协人大届次一二三十〇○年月日0123456789-./:：《》“”〔〕()（）【】|•\n\r 　局厅市县区省州联系人电话收悉如下来源发布时间"
        .chars()
        .collect();
    for _ in 0..2000 {
        let len = (rng.next() % 300) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = extract(&text);
        let _ = parse_date(&text);
    }
}
