/**
 * Texts the core stores once in both languages, as `"{zh} / {en}"`: the reason a recipient row
 * was skipped (`FrequencyCap::reason`, `suppressed_reason`) or flagged (`validate.rs`
 * `summary`, which may add ` (+2)` for the row's other problems). The UI shows the half of its
 * language.
 */

/** What the core puts between the two languages. */
export const BILINGUAL_SEPARATOR = " / ";

/** `summary`'s count of the row's other problems, after the English half. */
const MORE_PROBLEMS = / \(\+\d+\)$/;

/**
 * The half of a `"{zh} / {en}"` text in `language` (Chinese for `zh…`, else English, as
 * `IpcError.messageIn`). A text without the
 * separator (a raw error, an older row) is returned as it is. The separator can also be inside
 * a half (a column named "日期 / 时间" shows in both): with an odd number of separators the
 * middle one splits the halves; an even number cannot be split that way, and the first is used.
 * When the wanted half is empty the other is shown; a ` (+N)` count stays at the end.
 */
export function inLanguage(text: string, language: string): string {
  const more = MORE_PROBLEMS.exec(text)?.[0] ?? "";
  const body = more === "" ? text : text.slice(0, -more.length);
  const at: number[] = [];
  for (let i = body.indexOf(BILINGUAL_SEPARATOR); i >= 0; i = body.indexOf(BILINGUAL_SEPARATOR, i + BILINGUAL_SEPARATOR.length)) {
    at.push(i);
  }
  const split = at.length % 2 === 1 ? at[(at.length - 1) / 2] : at[0];
  if (split === undefined) return text;
  const zh = body.slice(0, split).trim();
  const en = body.slice(split + BILINGUAL_SEPARATOR.length).trim();
  const [wanted, other] = language.startsWith("zh") ? [zh, en] : [en, zh];
  const half = wanted !== "" ? wanted : other;
  return half === "" ? text : `${half}${more}`;
}
