import { isAppid } from "./appid";

/** How many mini programs an Official Account may name; the backend refuses more. */
export const MAX_BOUND_MINI_PROGRAMS = 20;

/** What is wrong with a list of bound mini programs, in the order the backend checks it. */
export type BoundMiniProgramsProblem =
  | { kind: "notAppid"; appid: string }
  | { kind: "ownAppid"; appid: string }
  | { kind: "tooMany"; max: number };

/**
 * The list as the backend keeps it: trimmed, without blanks, each AppID once in the order it
 * was first given. Pasted lists often carry stray spaces or the same AppID twice.
 */
export function tidyMiniPrograms(appids: readonly string[]): string[] {
  const tidy: string[] = [];
  for (const appid of appids.map((a) => a.trim())) {
    if (appid !== "" && !tidy.includes(appid)) tidy.push(appid);
  }
  return tidy;
}

/**
 * The first problem the backend would report for these bound mini programs of the Official
 * Account `ownAppid`, so the form can show it before saving; none when it would accept them.
 */
export function boundMiniProgramsProblem(appids: readonly string[], ownAppid: string): BoundMiniProgramsProblem | null {
  const tidy = tidyMiniPrograms(appids);
  const own = ownAppid.trim();
  for (const appid of tidy) {
    if (!isAppid(appid)) return { kind: "notAppid", appid };
    if (appid === own) return { kind: "ownAppid", appid };
  }
  if (tidy.length > MAX_BOUND_MINI_PROGRAMS) return { kind: "tooMany", max: MAX_BOUND_MINI_PROGRAMS };
  return null;
}

/** Whether this one bound AppID is one the backend refuses (to mark its tag in the field). */
export function isRefusedMiniProgram(appid: string, ownAppid: string): boolean {
  const trimmed = appid.trim();
  return !isAppid(trimmed) || trimmed === ownAppid.trim();
}
