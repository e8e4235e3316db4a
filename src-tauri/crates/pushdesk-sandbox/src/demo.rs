//! The sandbox account's data: private templates covering every keyword type, the pages of the
//! demo mini program, a small public template library, and demo users with known subscriptions.

use serde::Serialize;

/// Template id of 订单发货通知 (thing, character_string, phrase, time, amount).
pub const TPL_ORDER_SHIPPED: &str = "2dZAkg05rK_gqv81RKMGHZEM9YpvujA-C5Q52ryFlwR";
/// Template id of 活动开始提醒 (thing, date, number, short_thing).
pub const TPL_ACTIVITY_START: &str = "lOEVHzc0X0AWIRh-JUqBlIFXZ53Ncqe28_ajY75FnCt";
/// Template id of 预约成功通知 (name, phone_number, time, car_number, enum_string).
pub const TPL_BOOKING_CONFIRMED: &str = "tn6kfaqDeMqG3omjMyXHCabM6JOF8EFd0Nhcy-1kGD2";
/// Template id of 退款成功通知 (amount, character_string, thing, time, enum_string).
pub const TPL_REFUND_DONE: &str = "VD-eR1UYzaLiA-zNyD7CHLn-xC_1hsYgBds1ghxY5Oo";
/// Template id of 积分即将过期提醒 (letter, number, date, symbol, thing).
pub const TPL_POINTS_EXPIRING: &str = "kvQyx7eNWVQ4vnakJkS1pAWTN3lg8zV5yPU8d0FZfWe";
/// Template id of 会员到期提醒 (character_string, name, date, enum_string, amount).
pub const TPL_MEMBERSHIP_EXPIRING: &str = "7ihGyiRUIQfHOJMaidDn87XG3-q-xbMtEPO6UkzYuF0";
/// Template id of 办理进度通知, the long-term (type 3) template.
pub const TPL_SERVICE_PROGRESS: &str = "ie9Pu2njHkAm1-5wDr16EpLLJIVGHz4FxFEtKyPiYGF";
/// Template id of 门店消息通知, a new-style template whose `content` is empty.
pub const TPL_STORE_NOTICE: &str = "Dm7ena8D5VfLDpgyyjVw5HanSBeVRsfAGeAbP0VxNjA";

/// Pages of the demo mini program (a query string may follow any of them).
pub const DEMO_PAGES: &[&str] = &[
    "pages/index/index",
    "pages/order/detail",
    "pages/activity/index",
    "pages/member/points",
    "pages/refund/detail",
];

/// A private template as `gettemplate` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DemoTemplate {
    /// `priTmplId`, the id sends use as `template_id`.
    pub pri_tmpl_id: String,
    /// Title shown in bold on the card.
    pub title: String,
    /// As WeChat returns it; empty for new-style templates.
    pub content: String,
    /// Same layout as `content`, with sample values.
    pub example: String,
    /// 2 = one-time, 3 = long-term.
    pub kind: u8,
    /// `(keywordCode, enumValueList)`, e.g. `("enum_string5.DATA", ["原路退回", …])`.
    pub enums: Vec<(String, Vec<String>)>,
    /// The keyword layout the sandbox validates against when `content` is empty (WeChat knows
    /// the keywords even when it does not show them).
    pub hidden_content: Option<String>,
}

fn tpl(
    id: &str,
    title: &str,
    content: &str,
    example: &str,
    kind: u8,
    enums: &[(&str, &[&str])],
) -> DemoTemplate {
    DemoTemplate {
        pri_tmpl_id: id.into(),
        title: title.into(),
        content: content.into(),
        example: example.into(),
        kind,
        enums: enums
            .iter()
            .map(|(code, values)| ((*code).to_owned(), values.iter().map(|v| (*v).to_owned()).collect()))
            .collect(),
        hidden_content: None,
    }
}

/// The demo app's private templates; together they use every keyword type.
pub fn demo_templates() -> Vec<DemoTemplate> {
    let mut store_notice = tpl(TPL_STORE_NOTICE, "门店消息通知", "", "", 2, &[]);
    store_notice.hidden_content = Some("消息内容:{{thing1.DATA}}\n发送时间:{{time2.DATA}}\n".into());
    vec![
        tpl(
            TPL_ORDER_SHIPPED,
            "订单发货通知",
            "商品名称:{{thing1.DATA}}\n快递单号:{{character_string2.DATA}}\n快递公司:{{phrase3.DATA}}\n发货时间:{{time4.DATA}}\n订单金额:{{amount5.DATA}}\n",
            "商品名称:星巴克 拿铁咖啡豆 250g\n快递单号:SF1402938475612\n快递公司:顺丰速运\n发货时间:2026-11-24 10:00\n订单金额:￥89.00\n",
            2,
            &[],
        ),
        tpl(
            TPL_ACTIVITY_START,
            "活动开始提醒",
            "活动名称:{{thing1.DATA}}\n开始日期:{{date2.DATA}}\n活动地点:{{thing3.DATA}}\n已报名人数:{{number4.DATA}}\n温馨提示:{{short_thing5.DATA}}\n",
            "活动名称:双十二会员专享秒杀\n开始日期:2026年12月12日 10:00\n活动地点:小程序首页活动专区\n已报名人数:1288\n温馨提示:准时参加\n",
            2,
            &[],
        ),
        tpl(
            TPL_BOOKING_CONFIRMED,
            "预约成功通知",
            "预约人:{{name1.DATA}}\n联系电话:{{phone_number2.DATA}}\n预约时间:{{time3.DATA}}\n车牌号码:{{car_number4.DATA}}\n预约状态:{{enum_string5.DATA}}\n",
            "预约人:张三\n联系电话:138-0013-8000\n预约时间:2026年11月28日 14:30\n车牌号码:粤A8Z888\n预约状态:已确认\n",
            2,
            &[("enum_string5.DATA", &["已预约", "已确认", "已取消"])],
        ),
        tpl(
            TPL_REFUND_DONE,
            "退款成功通知",
            "退款金额:{{amount1.DATA}}\n退款单号:{{character_string2.DATA}}\n退款原因:{{thing3.DATA}}\n到账时间:{{time4.DATA}}\n退款方式:{{enum_string5.DATA}}\n",
            "退款金额:￥32.50\n退款单号:RF20261124000123\n退款原因:商品缺货，订单已取消\n到账时间:2026-11-24 18:00\n退款方式:原路退回\n",
            2,
            &[("enum_string5.DATA", &["原路退回", "退至余额"])],
        ),
        tpl(
            TPL_POINTS_EXPIRING,
            "积分即将过期提醒",
            "会员等级:{{letter1.DATA}}\n即将过期积分:{{number2.DATA}}\n过期日期:{{date3.DATA}}\n会员星级:{{symbol4.DATA}}\n温馨提示:{{thing5.DATA}}\n",
            "会员等级:VIP\n即将过期积分:1500\n过期日期:2026年12月31日\n会员星级:★★★\n温馨提示:积分可在积分商城兑换好礼\n",
            2,
            &[],
        ),
        tpl(
            TPL_MEMBERSHIP_EXPIRING,
            "会员到期提醒",
            "会员卡号:{{character_string1.DATA}}\n会员姓名:{{name2.DATA}}\n到期日期:{{date3.DATA}}\n会员类型:{{enum_string4.DATA}}\n续费价格:{{amount5.DATA}}\n",
            "会员卡号:VIP-2026-0088\n会员姓名:李四\n到期日期:2026-12-01\n会员类型:金卡会员\n续费价格:198元\n",
            2,
            &[("enum_string4.DATA", &["普通会员", "银卡会员", "金卡会员"])],
        ),
        tpl(
            TPL_SERVICE_PROGRESS,
            "办理进度通知",
            "办理事项:{{thing1.DATA}}\n办理进度:{{phrase2.DATA}}\n受理编号:{{character_string3.DATA}}\n更新时间:{{time4.DATA}}\n",
            "办理事项:居住证签注\n办理进度:已受理\n受理编号:GZ2026112400017\n更新时间:2026-11-24 09:30\n",
            3,
            &[],
        ),
        store_notice,
    ]
}

/// A demo user of the demo app.
#[derive(Debug, Clone, Serialize)]
pub struct DemoUser {
    /// 28-character openid of the demo app.
    pub openid: String,
    /// Who this user is meant to be, for people reading test output.
    pub note: String,
    /// One-time authorisations per template id; templates not listed have none.
    pub subscriptions: Vec<(String, u32)>,
    /// The openid belongs to another AppID: sends to it answer 40003.
    pub other_app: bool,
}

const ALL_TEMPLATES: &[&str] = &[
    TPL_ORDER_SHIPPED,
    TPL_ACTIVITY_START,
    TPL_BOOKING_CONFIRMED,
    TPL_REFUND_DONE,
    TPL_POINTS_EXPIRING,
    TPL_MEMBERSHIP_EXPIRING,
    TPL_SERVICE_PROGRESS,
    TPL_STORE_NOTICE,
];

fn user(openid: &str, note: &str, templates: &[&str], count: u32) -> DemoUser {
    DemoUser {
        openid: openid.into(),
        note: note.into(),
        subscriptions: templates.iter().map(|t| ((*t).to_owned(), count)).collect(),
        other_app: false,
    }
}

/// Twenty demo users: most subscribed to every template, a few with a single authorisation or
/// only order templates, two with none (43101) and one of another app (40003).
pub fn demo_openids() -> Vec<DemoUser> {
    let mut users = vec![
        user("oPtYgjmUhBel31iEl2hpChYgCfrL", "测试员 小王（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("o1spNxnyVmihA-2O76UMFxFkM-R5", "测试员 小李（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oKjp1vRt_1fjORS-6ilI8ihN5KXS", "运营 陈经理（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oc7Tvo-hBKqFYY-kv5ZJr3J1TWDt", "老顾客 周女士（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("okwtDDb_xHKas1VOqg6YYZYn9Zhy", "金卡会员 吴先生（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oiA4uoRgnatmUdjAWtGSU8po_799", "银卡会员 郑女士（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oNksnRH9ucAUsdMlHUvTCQCyEZDz", "新用户 王同学（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("o-TddJ8HyS5SUkCnD8zRA9a9SkpX", "常客 刘先生（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oz9w3QlY7Zkuvqdt7s8Stqcbnr3y", "门店店长 赵店长（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("oBdGBLEPH1qhT61qtc4xatws8phP", "会员 孙女士（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("o9nhFyJfm5di4PzJ59FHz5r1pY4O", "会员 钱先生（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("ojE2jBMptUsGr7CmY_uCu3ZR1zTO", "会员 冯女士（全部模板各 5 次）", ALL_TEMPLATES, 5),
        user("olUcR64cXQLioDnkHIfxIq2HZt-P", "只订阅过一次（全部模板各 1 次）", ALL_TEMPLATES, 1),
        user("olJhx2jIclHkCiHp6bR1IqfEouHg", "只订阅过一次（全部模板各 1 次）", ALL_TEMPLATES, 1),
        user("oxzNNAL5wIScGebcy8F5n3-YNBDR", "只订阅过一次（全部模板各 1 次）", ALL_TEMPLATES, 1),
        user(
            "ozrZSgqbjG3uhkWKFLf6xuI5aHUQ",
            "只订阅订单类通知（发货、退款各 3 次）",
            &[TPL_ORDER_SHIPPED, TPL_REFUND_DONE],
            3,
        ),
        user(
            "oPFeNBTxaQWk8JzFalHlsZfYcMMD",
            "只订阅订单类通知（发货、退款各 3 次）",
            &[TPL_ORDER_SHIPPED, TPL_REFUND_DONE],
            3,
        ),
        user("oktXP-tKsf2rcDkdfrUnW5gcF_Ha", "从未订阅（发送得到 43101）", &[], 0),
        user("o6ili8GjHEAD6-Wj9KfzjsQGMrb9", "拒绝了订阅（发送得到 43101）", &[], 0),
    ];
    let mut foreign = user("oh_ImB_LK777pzNk8cL6j5IXAAjl", "其他小程序的用户（发送得到 40003）", &[], 0);
    foreign.other_app = true;
    users.push(foreign);
    users
}

/// A category of the public template library (`getcategory`).
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    /// Category id, as used in `getpubtemplatetitles?ids=`.
    pub id: u32,
    /// Category name.
    pub name: &'static str,
}

/// A keyword of a public library title (`getpubtemplatekeywords`).
#[derive(Debug, Clone, Serialize)]
pub struct PubKeyword {
    /// Keyword id, as used in `addtemplate`'s `kidList`.
    pub kid: u32,
    /// Label of the keyword.
    pub name: &'static str,
    /// Sample value.
    pub example: &'static str,
    /// The keyword type, e.g. `thing`.
    pub rule: &'static str,
}

/// A title of the public template library (`getpubtemplatetitles`).
#[derive(Debug, Clone, Serialize)]
pub struct PubTitle {
    /// Title id, as used in `addtemplate`'s `tid`.
    pub tid: u32,
    /// Title of the template.
    pub title: &'static str,
    /// 2 = one-time, 3 = long-term.
    pub kind: u8,
    /// The category it belongs to.
    pub category_id: u32,
    /// The keywords one can pick 2 to 5 of.
    pub keywords: Vec<PubKeyword>,
}

/// The account's categories.
pub fn categories() -> Vec<Category> {
    vec![
        Category { id: 307, name: "快递/物流" },
        Category { id: 612, name: "餐饮服务" },
        Category { id: 673, name: "电商平台" },
        Category { id: 765, name: "会员服务" },
        Category { id: 1045, name: "政务服务" },
    ]
}

const fn kw(kid: u32, name: &'static str, example: &'static str, rule: &'static str) -> PubKeyword {
    PubKeyword { kid, name, example, rule }
}

/// The public template library the demo account can pick from with `addtemplate`.
pub fn public_library() -> Vec<PubTitle> {
    let t = |tid, title, kind, category_id, keywords| PubTitle { tid, title, kind, category_id, keywords };
    vec![
        t(
            1001,
            "订单发货通知",
            2,
            307,
            vec![
                kw(1, "商品名称", "拿铁咖啡豆", "thing"),
                kw(2, "快递单号", "SF1402938475612", "character_string"),
                kw(3, "快递公司", "顺丰速运", "phrase"),
                kw(4, "发货时间", "2026-11-24 10:00", "time"),
                kw(5, "订单金额", "￥89.00", "amount"),
            ],
        ),
        t(
            1002,
            "物流状态更新通知",
            2,
            307,
            vec![
                kw(1, "运单号", "YT9988776655", "character_string"),
                kw(2, "物流状态", "派送中", "phrase"),
                kw(3, "更新时间", "2026-11-24 15:01", "time"),
                kw(4, "快递员电话", "13800138000", "phone_number"),
            ],
        ),
        t(
            1101,
            "取餐提醒",
            2,
            612,
            vec![
                kw(1, "取餐号", "A023", "character_string"),
                kw(2, "门店名称", "人民广场店", "thing"),
                kw(3, "下单时间", "12:05", "time"),
                kw(4, "餐品", "香辣鸡腿堡套餐", "thing"),
            ],
        ),
        t(
            1102,
            "预约成功通知",
            2,
            612,
            vec![
                kw(1, "预约人", "张三", "name"),
                kw(2, "联系电话", "138-0013-8000", "phone_number"),
                kw(3, "预约时间", "2026年11月28日 14:30", "time"),
                kw(4, "就餐人数", "4", "number"),
                kw(5, "备注", "靠窗座位", "thing"),
            ],
        ),
        t(
            1201,
            "退款成功通知",
            2,
            673,
            vec![
                kw(1, "退款金额", "￥32.50", "amount"),
                kw(2, "退款单号", "RF20261124000123", "character_string"),
                kw(3, "退款原因", "商品缺货", "thing"),
                kw(4, "到账时间", "2026-11-24 18:00", "time"),
            ],
        ),
        t(
            1202,
            "活动开始提醒",
            2,
            673,
            vec![
                kw(1, "活动名称", "双十二秒杀", "thing"),
                kw(2, "开始日期", "2026年12月12日", "date"),
                kw(3, "活动地点", "小程序首页", "thing"),
                kw(4, "温馨提示", "准时参加", "short_thing"),
            ],
        ),
        t(
            1203,
            "支付成功通知",
            2,
            673,
            vec![
                kw(1, "订单号", "20261124100023", "character_string"),
                kw(2, "支付金额", "￥128.00", "amount"),
                kw(3, "支付时间", "2026-11-24 10:00:05", "time"),
                kw(4, "商品名称", "保温杯", "thing"),
            ],
        ),
        t(
            1301,
            "积分即将过期提醒",
            2,
            765,
            vec![
                kw(1, "会员等级", "VIP", "letter"),
                kw(2, "即将过期积分", "1500", "number"),
                kw(3, "过期日期", "2026年12月31日", "date"),
                kw(4, "温馨提示", "积分可兑换好礼", "thing"),
            ],
        ),
        t(
            1302,
            "会员到期提醒",
            2,
            765,
            vec![
                kw(1, "会员卡号", "VIP-2026-0088", "character_string"),
                kw(2, "会员姓名", "李四", "name"),
                kw(3, "到期日期", "2026-12-01", "date"),
                kw(4, "续费价格", "198元", "amount"),
            ],
        ),
        t(
            1401,
            "办理进度通知",
            3,
            1045,
            vec![
                kw(1, "办理事项", "居住证签注", "thing"),
                kw(2, "办理进度", "已受理", "phrase"),
                kw(3, "受理编号", "GZ2026112400017", "character_string"),
                kw(4, "更新时间", "2026-11-24 09:30", "time"),
            ],
        ),
        t(
            1402,
            "车辆年检提醒",
            3,
            1045,
            vec![
                kw(1, "车牌号码", "粤A8Z888", "car_number"),
                kw(2, "年检截止日期", "2026-12-31", "date"),
                kw(3, "办理地点", "天河区车管所", "thing"),
            ],
        ),
    ]
}
