//! What a notice says when a campaign ends, pauses or stops: a title and a few plain lines, in
//! the language the user chose. The desktop notification and every group robot format are built
//! from these texts, so they read the same everywhere.

/// Why the notice is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeEvent {
    /// Every row reached a final state.
    Finished,
    /// Paused by the user, a quota, a failure threshold or an interrupted run.
    Paused,
    /// Stopped by an error that every row would hit.
    Stopped,
    /// Cancelled by the user.
    Cancelled,
    /// The send window closed; the campaign goes on when it opens again.
    WaitingWindow,
    /// The scheduled time passed while nothing ran the scheduler.
    Missed,
    /// A recurring run whose recipient file was missing or invalid, so it refused to start.
    NotStarted,
}

/// The language of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

/// Rows by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeCounts {
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    pub unknown: u32,
    pub not_subscribed: u32,
    pub skipped: u32,
    pub cancelled: u32,
    pub pending: u32,
}

/// A notice about one campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub account_name: String,
    pub event: NoticeEvent,
    pub counts: NoticeCounts,
    /// One line, already in `lang`.
    pub reason: Option<String>,
    pub lang: NoticeLang,
}

/// The longest campaign or account name a notice shows, in characters.
const MAX_NAME_CHARS: usize = 80;
/// The longest reason a notice shows, in characters.
const MAX_REASON_CHARS: usize = 300;

impl Notice {
    /// e.g. "推送台：任务「双十二预告」已完成" / "Pushdesk: campaign “Sale preview” finished".
    ///
    /// The product name leads every title in its language ("推送台" / "Pushdesk"), so a group
    /// robot whose security setting is a custom keyword can use it as the keyword.
    pub fn title(&self) -> String {
        let name = clip_chars(&one_line(&self.campaign_name), MAX_NAME_CHARS);
        match self.lang {
            NoticeLang::Zh => {
                let what = match self.event {
                    NoticeEvent::Finished => "已完成",
                    NoticeEvent::Paused => "已暂停",
                    NoticeEvent::Stopped => "因错误停止",
                    NoticeEvent::Cancelled => "已取消",
                    NoticeEvent::WaitingWindow => "正在等待发送时段",
                    NoticeEvent::Missed => "错过了定时",
                    NoticeEvent::NotStarted => "没有开始",
                };
                format!("推送台：任务「{name}」{what}")
            }
            NoticeLang::En => {
                let what = match self.event {
                    NoticeEvent::Finished => "finished",
                    NoticeEvent::Paused => "paused",
                    NoticeEvent::Stopped => "stopped on an error",
                    NoticeEvent::Cancelled => "was cancelled",
                    NoticeEvent::WaitingWindow => "is waiting for its send window",
                    NoticeEvent::Missed => "missed its scheduled time",
                    NoticeEvent::NotStarted => "did not start",
                };
                format!("Pushdesk: campaign “{name}” {what}")
            }
        }
    }

    /// Plain text lines under the title: the account, the counts by outcome (only the non-zero
    /// ones, after the total), and the reason when there is one.
    pub fn lines(&self) -> Vec<String> {
        let zh = self.lang == NoticeLang::Zh;
        let mut lines = Vec::new();
        let account = clip_chars(&one_line(&self.account_name), MAX_NAME_CHARS);
        if !account.trim().is_empty() {
            lines.push(if zh { format!("账号：{account}") } else { format!("Account: {account}") });
        }
        if let Some(counts) = self.counts_line() {
            lines.push(counts);
        }
        if let Some(reason) = self.reason.as_deref().map(one_line) {
            let reason = clip_chars(reason.trim(), MAX_REASON_CHARS);
            if !reason.is_empty() {
                lines.push(if zh { format!("原因：{reason}") } else { format!("Reason: {reason}") });
            }
        }
        lines
    }

    /// Title and lines joined with "\n".
    pub fn text(&self) -> String {
        let mut all = vec![self.title()];
        all.extend(self.lines());
        all.join("\n")
    }

    /// "共 1000 人：成功 980 · 失败 12 · 结果未知 3" / "1000 recipients: sent 980 · failed 12";
    /// none when every count is zero.
    fn counts_line(&self) -> Option<String> {
        let c = &self.counts;
        let zh = self.lang == NoticeLang::Zh;
        let parts: [(u32, &str, &str); 7] = [
            (c.sent, "成功", "sent"),
            (c.failed, "失败", "failed"),
            (c.unknown, "结果未知", "unknown"),
            (c.not_subscribed, "未订阅", "not subscribed"),
            (c.skipped, "跳过", "skipped"),
            (c.cancelled, "已取消", "cancelled"),
            (c.pending, "待发送", "pending"),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, label_zh, label_en)| format!("{} {n}", if zh { label_zh } else { label_en }))
            .collect();
        let body = shown.join(" · ");
        match (c.total, body.is_empty()) {
            (0, true) => None,
            (0, false) => Some(body),
            (total, true) => {
                Some(if zh { format!("共 {total} 人") } else { format!("{total} recipients") })
            }
            (total, false) => Some(if zh {
                format!("共 {total} 人：{body}")
            } else {
                format!("{total} recipients: {body}")
            }),
        }
    }
}

/// The text on one line: line breaks and tabs become spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// At most `max` characters, with "…" when cut.
pub(crate) fn clip_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(lang: NoticeLang, event: NoticeEvent) -> Notice {
        Notice {
            campaign_id: 7,
            campaign_name: "双十二预告".into(),
            account_name: "好物小店".into(),
            event,
            counts: NoticeCounts {
                total: 1000,
                sent: 980,
                failed: 12,
                unknown: 3,
                not_subscribed: 5,
                ..NoticeCounts::default()
            },
            reason: None,
            lang,
        }
    }

    #[test]
    fn titles_name_the_product_the_campaign_and_the_event() {
        assert_eq!(notice(NoticeLang::Zh, NoticeEvent::Finished).title(), "推送台：任务「双十二预告」已完成");
        let mut en = notice(NoticeLang::En, NoticeEvent::Finished);
        en.campaign_name = "Sale preview".into();
        assert_eq!(en.title(), "Pushdesk: campaign “Sale preview” finished");
        en.event = NoticeEvent::Stopped;
        assert_eq!(en.title(), "Pushdesk: campaign “Sale preview” stopped on an error");
        for event in [
            NoticeEvent::Paused,
            NoticeEvent::Cancelled,
            NoticeEvent::WaitingWindow,
            NoticeEvent::Missed,
            NoticeEvent::NotStarted,
        ] {
            assert!(notice(NoticeLang::Zh, event).title().starts_with("推送台：任务「双十二预告」"));
        }
    }

    #[test]
    fn counts_show_only_the_non_zero_outcomes() {
        let n = notice(NoticeLang::Zh, NoticeEvent::Finished);
        assert_eq!(
            n.lines(),
            vec!["账号：好物小店", "共 1000 人：成功 980 · 失败 12 · 结果未知 3 · 未订阅 5"]
        );
        let mut en = notice(NoticeLang::En, NoticeEvent::Paused);
        en.counts.pending = 0;
        assert_eq!(en.lines()[1], "1000 recipients: sent 980 · failed 12 · unknown 3 · not subscribed 5");
    }

    #[test]
    fn a_reason_adds_a_line_and_no_counts_means_no_counts_line() {
        let n = Notice {
            counts: NoticeCounts::default(),
            reason: Some("收件人文件不存在：\n/data/list.csv".into()),
            ..notice(NoticeLang::Zh, NoticeEvent::NotStarted)
        };
        assert_eq!(n.lines(), vec!["账号：好物小店", "原因：收件人文件不存在： /data/list.csv"]);
        assert_eq!(
            n.text(),
            "推送台：任务「双十二预告」没有开始\n账号：好物小店\n原因：收件人文件不存在： /data/list.csv"
        );
    }

    #[test]
    fn long_names_are_cut() {
        let n = Notice { campaign_name: "名".repeat(200), ..notice(NoticeLang::Zh, NoticeEvent::Finished) };
        assert!(n.title().chars().count() < 100);
        assert!(n.title().contains('…'));
    }
}
