//! The Chinese text of every [`AudienceError`], naming the same file, row and column as the
//! English.

use super::detect::EncodingCandidate;
use super::error::{sample_text, AudienceError};
use super::read::PASTE_SOURCE;
use super::visible::visible;

impl AudienceError {
    /// The message in Chinese (zh-CN).
    pub fn message_zh(&self) -> String {
        match self {
            AudienceError::File(e) => e.message_zh(),
            AudienceError::Io { file, source } => crate::error::io_zh(&source_zh(file), source),
            AudienceError::UnsupportedFormat { file } => {
                format!("无法导入{}：只能导入 .csv、.xlsx 和 .txt 文件", source_zh(file))
            }
            AudienceError::NotText { file, row } => format!(
                "{}{}不是推送台能读取的文本（支持 UTF-8、UTF-16、GBK/GB18030、Big5、Shift-JIS 编码），\
                 请重新另存为「CSV UTF-8」",
                source_zh(file),
                row.map(|r| format!("第 {r} 行")).unwrap_or_default()
            ),
            AudienceError::AmbiguousEncoding { file, candidates } => format!(
                "{}：无法确定文字编码（{}），请选择能正确显示文字的编码",
                source_zh(file),
                readings_zh(candidates)
            ),
            AudienceError::Empty { file } => format!("{}是空的", source_zh(file)),
            AudienceError::NoOpenidColumn { file, columns } => {
                let found: Vec<String> = columns.iter().map(|c| visible(c)).collect();
                format!("{}里没有 openid 列（找到的列：{}）", source_zh(file), found.join("、"))
            }
            AudienceError::Ragged { file, row, cells, expected } => {
                format!("{}第 {row} 行有 {cells} 个单元格，但表头有 {expected} 个", source_zh(file))
            }
            AudienceError::UnclosedQuote { file, row } => format!(
                "{}第 {row} 行有一个单元格以引号（\"）开头，却一直没有结束：请检查这一行是否多了一个引号",
                source_zh(file)
            ),
            AudienceError::TooManyRows { file, limit } => {
                format!("{}超过 {limit} 行，请拆成几个小一些的文件", source_zh(file))
            }
            AudienceError::TooManyColumns { file, row, column, limit } => format!(
                "{}第 {row} 行 {column} 列：这一列有内容，但推送台最多读取 {limit} 列，请删掉不需要的列",
                source_zh(file)
            ),
            AudienceError::CellTooLong { file, row, column, limit } => format!(
                "{}第 {row} 行 {column} 列：单元格超过 {limit} 个字符（Excel 允许的上限）",
                source_zh(file)
            ),
            AudienceError::RowTooLong { file, row, limit } => {
                format!("{}第 {row} 行超过 {} KB，这不是收件人名单", source_zh(file), limit / 1024)
            }
            AudienceError::TooLarge { file, what } => {
                format!("{}太大，无法导入：{}", source_zh(file), what.zh)
            }
            AudienceError::Workbook { file, message } => {
                format!("{}无法作为 Excel 工作簿读取：{}", source_zh(file), message.zh)
            }
            AudienceError::NoWorksheet { file } => format!("{}：工作簿里没有工作表", source_zh(file)),
            AudienceError::BadMapping(detail) => format!("字段映射已过期：{}", detail.zh),
        }
    }
}

/// The source as the subject of a sentence: pasted text, or the file by its name.
pub(super) fn source_zh(file: &str) -> String {
    if file == PASTE_SOURCE {
        "粘贴的内容".to_string()
    } else {
        format!("文件「{file}」")
    }
}

/// "按 Big5 读是“拿鐵咖啡, …”；按 GBK 读是“…”".
fn readings_zh(candidates: &[EncodingCandidate]) -> String {
    let readings: Vec<String> =
        candidates.iter().map(|c| format!("按 {} 读是“{}”", c.label, sample_text(c))).collect();
    readings.join("；")
}
