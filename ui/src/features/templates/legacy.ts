import type { SyncedTemplate } from "../../ipc";

/**
 * Legacy Official Account templates (`{{first.DATA}}`, `{{keyword1.DATA}}`, `{{remark.DATA}}`):
 * since WeChat's rules of May 2023 their first line and remark are not shown, so the core leaves
 * them out of the keywords, and every other value is shown up to `Keyword.displayLimit`
 * characters. Read from what the core synced, never guessed from a title.
 */

/** `SyncedTemplate.kind` of an Official Account's template (mini programs': 2 one-time, 3 long-term). */
export const OFFICIAL_TEMPLATE_KIND = 0;

/** Keys WeChat no longer shows, as they appear in a legacy template's content. */
const DROPPED_KEYS = ["first", "remark"] as const;

/** The keys of the template's content that the core left out because WeChat no longer shows them. */
export function droppedKeys(template: Pick<SyncedTemplate, "content">): string[] {
  return DROPPED_KEYS.filter((key) => new RegExp(`\\{\\{\\s*${key}\\.DATA\\s*\\}\\}`).test(template.content));
}

/** The display limit of a legacy template's keywords, or null for a template without one. */
export function displayLimitOf(template: Pick<SyncedTemplate, "keywords">): number | null {
  const limits = template.keywords.flatMap((keyword) => (keyword.displayLimit ? [keyword.displayLimit] : []));
  return limits.length > 0 ? Math.min(...limits) : null;
}
