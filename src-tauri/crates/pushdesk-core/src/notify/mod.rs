//! Notices when a campaign ends, pauses or stops: their texts, and posting them to the group
//! robots marketing teams use (WeCom, Feishu, DingTalk). When a notice is sent and to whom is
//! the desk's (`desk/notices.rs`); this module only says and posts.

mod error;
mod notice;
mod robot;

pub use error::{Busy, BusySignal, Doubt, NetCause, RobotError, Unreached, UrlIssue, UrlProblem};
pub use notice::{Notice, NoticeCounts, NoticeEvent, NoticeLang};
pub use robot::{check_robot_url, post_notice, robot_body, RetryPolicy, RobotKind};
