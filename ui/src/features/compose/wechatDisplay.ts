/**
 * What an Official Account's template message shows of a value since WeChat's rules of May 2023
 * (《关于规范公众号模板消息的再次公告》), which change the display only, never what is accepted:
 *
 * - emoji are removed (the first announcement showed them as □; the second dropped them instead);
 * - a value is shown on one line (line breaks go; the core refuses them anyway);
 * - a legacy template's value is folded after 20 characters with "…". Category templates refuse
 *   such values by their type's rule before this applies.
 *
 * Characters are counted as the core counts them (Rust's `chars()`): code points.
 */

/**
 * Emoji drawn as pictures by default (Unicode's Emoji_Presentation): ⭐ and 😀 go, ★ and digits
 * stay, as they are text.
 */
const EMOJI = /\p{Emoji_Presentation}/u;

/**
 * Everything the card drops: the emoji, the invisible glue of emoji sequences (zero-width
 * joiner, emoji variation selector, keycap, tags), meaningless once the pictures around it are
 * gone, and control characters such as line breaks.
 */
const DROPPED = /\p{Emoji_Presentation}|\u200d|\ufe0f|\u20e3|[\u{e0020}-\u{e007f}]|\p{Cc}/gu;

/** What follows the shown part of a folded value. */
export const FOLD_MARK = "…";

/** Whether the text holds an emoji WeChat will remove from the card. */
export function hasEmoji(text: string): boolean {
  return EMOJI.test(text);
}

/** The text without what the card drops (emoji, their glue, line breaks). */
export function withoutEmoji(text: string): string {
  return text.replace(DROPPED, "");
}

/** Whether the card folds the value: longer than the display limit once emoji are removed. */
export function isFolded(value: string, displayLimit?: number | null): boolean {
  return !!displayLimit && [...withoutEmoji(value)].length > displayLimit;
}

/**
 * A value as the card shows it: emoji and line breaks removed, then, when the keyword has a
 * display limit (a legacy template's), folded after that many characters.
 */
export function shownValue(value: string, displayLimit?: number | null): string {
  const kept = withoutEmoji(value);
  if (!displayLimit || !isFolded(value, displayLimit)) return kept;
  return `${[...kept].slice(0, displayLimit).join("")}${FOLD_MARK}`;
}
