import { KEYWORD_BUDGETS, type BudgetUnit, type KeywordKind } from "../../ipc";

/**
 * Pure text helpers of Compose: `{{placeholder}}` parsing (the same grammar as the Rust
 * `template::render` module), character budgets for the counters, openid shape, card dates.
 * The Rust side stays the single source of truth for the rules: these only drive hints.
 */

export type Segment = { kind: "text"; text: string } | { kind: "placeholder"; name: string; raw: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function isPlaceholderName(name: string): boolean {
  return name !== "" && !name.includes("{") && !name.includes("}") && !CONTROL.test(name);
}

/**
 * Splits a value into literal text and `{{name}}` placeholders. The innermost `{{` before a
 * `}}` opens a placeholder; an unclosed `{{`, an empty name or a name with braces or line
 * breaks stays literal (mirrors `segments` in `pushdesk-core/src/template/render.rs`).
 */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let literalStart = 0;
  let searchFrom = 0;
  for (;;) {
    const close = text.indexOf("}}", searchFrom);
    if (close < 0) break;
    const next = close + 2;
    const openRel = text.slice(literalStart, close).lastIndexOf("{{");
    if (openRel >= 0) {
      const open = literalStart + openRel;
      const name = text.slice(open + 2, close).trim();
      if (isPlaceholderName(name)) {
        if (open > literalStart) out.push({ kind: "text", text: text.slice(literalStart, open) });
        out.push({ kind: "placeholder", name, raw: text.slice(open, next) });
        literalStart = next;
      }
    }
    searchFrom = next;
  }
  if (literalStart < text.length) out.push({ kind: "text", text: text.slice(literalStart) });
  return out;
}

/** The placeholder names used in `text`, in order of first use, each once. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const segment of segments(text)) {
    if (segment.kind === "placeholder" && !names.includes(segment.name)) names.push(segment.name);
  }
  return names;
}

/** The placeholder names used across several values, in order of first use, each once. */
export function placeholdersInAll(texts: readonly string[]): string[] {
  const names: string[] = [];
  for (const text of texts) for (const name of placeholdersIn(text)) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * Fills the placeholders that have a non-empty value; the others stay as written (`{{name}}`,
 * normalised), so a preview can highlight them.
 */
export function fillPlaceholders(text: string, filled: Readonly<Record<string, string>>): string {
  return segments(text)
    .map((segment) => {
      if (segment.kind === "text") return segment.text;
      const value = filled[segment.name];
      return value ? value : `{{${segment.name}}}`;
    })
    .join("");
}

/** An example page whose query takes `column`'s value, for hints (braces cannot be written in a translation). */
export function pageExample(column: string): string {
  return `pages/order/detail?id={{${column}}}`;
}

/** Whether `text` still contains a placeholder. */
export function hasPlaceholder(text: string): boolean {
  return segments(text).some((segment) => segment.kind === "placeholder");
}

const HAN = /\p{Script=Han}/u;

/** Whether the text contains a Chinese (Han) character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Characters as WeChat (and Rust's `chars().count()`) count them: code points. */
export function charCount(text: string): number {
  return [...text].length;
}

export type Budget = {
  /** The most the type allows. */
  limit: number;
  /** How many are used. */
  used: number;
  /** What is counted. */
  unit: BudgetUnit;
};

/**
 * How much of its length budget a value uses, for kinds that have one (`null` for time, date,
 * enum). The limits are the core's (`KEYWORD_BUDGETS`): `name` has a lower one when it contains
 * Chinese; `amount` counts the digits before the decimal point.
 */
export function budgetFor(kind: KeywordKind, value: string): Budget | null {
  const budget = KEYWORD_BUDGETS.find((b) => b.kind === kind);
  if (!budget) return null;
  if (budget.unit === "digits") {
    const integer = value.split(".")[0] ?? "";
    return { limit: budget.limit, used: (integer.match(/[0-9]/g) ?? []).length, unit: "digits" };
  }
  const limit = budget.limitWithChinese !== null && hasHan(value) ? budget.limitWithChinese : budget.limit;
  return { limit, used: charCount(value), unit: "chars" };
}

/** The shape the backend accepts for a typed openid (`check_openid`): 20–40 of [A-Za-z0-9_-]. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{20,40}$/;

export function isOpenidShape(openid: string): boolean {
  return OPENID_PATTERN.test(openid.trim());
}

/**
 * The date WeChat prints on a card, in the card's language: `11月24日` for Chinese, `Nov 24`
 * for English. It lives with the UI's one date rule (`i18n/format`); re-exported for the pages
 * that build a card.
 */
export { formatCardDate } from "../../i18n/format";

/** Text a date/time helper inserts: replaces the value, or completes a range ending in `~`. */
export function insertDateText(current: string, picked: string): string {
  const trimmed = current.trimEnd();
  return trimmed.endsWith("~") ? `${trimmed}${picked}` : picked;
}
