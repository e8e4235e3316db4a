//! What can be wrong with a time, a send window or a repeat rule a person typed. Each variant
//! carries the offending text, so both the English (Display) and the Chinese (`zh`) name it.

/// A time, zone, send window or repeat rule that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A date and time that could not be read.
    #[error("time \"{0}\" is not understood; write it like 2026-12-12 10:00")]
    BadTime(String),
    /// A wall-clock time that the zone skips (the hour lost when daylight saving time starts).
    #[error(
        "time \"{0}\" does not exist in this time zone (the clocks skip it when daylight saving \
         time starts); pick a later time"
    )]
    NoSuchLocalTime(String),
    /// A daily send window that could not be read, or whose start and end are the same.
    #[error("send window \"{0}\" is not understood; write it like 08:00-21:00 (start and end must differ)")]
    BadWindow(String),
    /// A repeat rule that could not be read.
    #[error("repeat \"{0}\" is not understood; use daily, weekly:MON,THU or cron 0 10 * * 1")]
    BadRepeat(String),
    /// A daily or weekly repeat given without the time of day it runs at.
    #[error("repeat \"{0}\" needs a time of day: give the time of the first run, like 2026-12-12 10:00")]
    RepeatNeedsTime(String),
    /// A cron expression that could not be read. `why` is the English reason and `why_zh` the
    /// same in Chinese: the reason is known only where the field is read.
    #[error("cron \"{expr}\": {why}")]
    BadCron {
        /// The expression as typed.
        expr: String,
        /// What is wrong, in English.
        why: String,
        /// What is wrong, in Chinese.
        why_zh: String,
    },
    /// A rule that is well formed but matches no date at all ("0 0 30 2 *").
    #[error("\"{0}\" never runs: no date matches it")]
    NeverRuns(String),
    /// A time zone name that is not in the IANA database.
    #[error("time zone \"{0}\" is not known; use an IANA name like Asia/Shanghai")]
    BadZone(String),
}

impl ScheduleError {
    /// The same message in Simplified Chinese, for the Chinese UI.
    pub fn zh(&self) -> String {
        match self {
            ScheduleError::BadTime(t) => format!("时间 “{t}” 无法识别，请写成 2026-12-12 10:00"),
            ScheduleError::NoSuchLocalTime(t) => {
                format!("时间 “{t}” 在本时区不存在（夏令时开始时时钟会跳过这段时间），请换一个稍晚的时间")
            }
            ScheduleError::BadWindow(t) => {
                format!("发送时段 “{t}” 无法识别，请写成 08:00-21:00（开始和结束不能相同）")
            }
            ScheduleError::BadRepeat(t) => {
                format!("重复方式 “{t}” 无法识别，请写 daily、weekly:MON,THU 或 cron 0 10 * * 1")
            }
            ScheduleError::RepeatNeedsTime(t) => {
                format!("重复方式 “{t}” 需要具体时刻：请给出首次发送时间，例如 2026-12-12 10:00")
            }
            ScheduleError::BadCron { expr, why_zh, .. } => format!("cron 表达式 “{expr}” 有误：{why_zh}"),
            ScheduleError::NeverRuns(t) => format!("“{t}” 永远不会执行：没有任何日期符合"),
            ScheduleError::BadZone(t) => {
                format!("时区 “{t}” 无法识别，请使用 Asia/Shanghai 这样的 IANA 时区名")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<ScheduleError> {
        vec![
            ScheduleError::BadTime("25:00".into()),
            ScheduleError::NoSuchLocalTime("2026-03-08 02:30".into()),
            ScheduleError::BadWindow("9-5".into()),
            ScheduleError::BadRepeat("hourly".into()),
            ScheduleError::RepeatNeedsTime("daily".into()),
            ScheduleError::BadCron {
                expr: "61 * * * *".into(),
                why: "minute 61 is outside 0-59".into(),
                why_zh: "分钟 61 超出范围 0-59".into(),
            },
            ScheduleError::NeverRuns("0 0 30 2 *".into()),
            ScheduleError::BadZone("Mars/Olympus".into()),
        ]
    }

    #[test]
    fn both_languages_name_the_offending_text() {
        for e in all() {
            let (en, zh) = (e.to_string(), e.zh());
            let text = match &e {
                ScheduleError::BadCron { expr, .. } => expr.clone(),
                ScheduleError::BadTime(t)
                | ScheduleError::NoSuchLocalTime(t)
                | ScheduleError::BadWindow(t)
                | ScheduleError::BadRepeat(t)
                | ScheduleError::RepeatNeedsTime(t)
                | ScheduleError::NeverRuns(t)
                | ScheduleError::BadZone(t) => t.clone(),
            };
            assert!(en.contains(&text), "{en}");
            assert!(zh.contains(&text), "{zh}");
            // The Chinese is really Chinese, not the English again.
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        }
    }

    #[test]
    fn the_example_reads_as_promised() {
        assert_eq!(
            ScheduleError::BadTime("25:00".into()).zh(),
            "时间 “25:00” 无法识别，请写成 2026-12-12 10:00"
        );
        let cron = &all()[5];
        assert_eq!(cron.to_string(), "cron \"61 * * * *\": minute 61 is outside 0-59");
        assert!(cron.zh().contains("分钟 61 超出范围 0-59"));
    }
}
