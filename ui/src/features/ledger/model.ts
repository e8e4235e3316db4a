import type { GrantState, IntakeProblem, PushProblemKind, RefusalDay } from "../../ipc";

/** The file paths typed or pasted, one a line: trimmed, each once, blank lines dropped. */
export function pathsOf(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const path = line.trim();
    if (path !== "" && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

/** Problems that a push key in the settings below would fix (the hint says so). */
const KEY_PROBLEMS: readonly PushProblemKind[] = ["no_key", "bad_signature", "cannot_decrypt"];

export function needsPushKeys(problems: readonly IntakeProblem[]): boolean {
  return problems.some((problem) => KEY_PROBLEMS.includes(problem.kind));
}

/** antd Tag colour per grant state. */
export const GRANT_STATE_COLOR: Record<GrantState, string> = {
  granted: "success",
  no_grant: "warning",
  no_data: "default",
};

/** `audience::looks_like_openid`: a whole openid, which the ledger can be asked for directly. */
const WHOLE_OPENID = /^[A-Za-z0-9_-]{20,40}$/;

export function isWholeOpenid(text: string): boolean {
  return WHOLE_OPENID.test(text.trim());
}

/** The days the 43101 chart spans. */
export const REFUSAL_DAYS = 30;

/** Local midnight of the day `days` days from the day of `now` (DST-safe). */
function midnight(now: Date, days: number): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days).getTime();
}

/**
 * The last 30 days, oldest first, each with its answers; a day without attempts has none (the
 * chart leaves a gap there rather than squeezing the days that had some together).
 */
export function refusalSeries(refusals: readonly RefusalDay[], now: Date = new Date()): { day: number; found: RefusalDay | null }[] {
  const byDay = new Map(refusals.map((r) => [r.day, r]));
  return Array.from({ length: REFUSAL_DAYS }, (_, i) => {
    const day = midnight(now, i - (REFUSAL_DAYS - 1));
    return { day, found: byDay.get(day) ?? null };
  });
}
