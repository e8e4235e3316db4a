import type { AccountKind, IpcError, MessageChannel, MessageSpec } from "../../ipc";

/**
 * Where tapping an Official Account's template message leads, and the checks the core makes of
 * it (`MessageSpec::check_jump`), repeated here so a form can say what is wrong before anything
 * is sent. The core stays the judge: its refusals land on the same fields (`jumpFieldError`).
 */

/** Which kind of message an account sends: fixed by its kind, as the core fixes a campaign's. */
export function channelOf(kind: AccountKind): MessageChannel {
  return kind === "official_account" ? "template_message" : "subscribe_message";
}

/** What the card opens: nothing, a web page ("详情"), or a page of a bound mini program ("进入小程序查看"). */
export type JumpKind = "none" | "web" | "mini_program";
export const JUMP_KINDS = ["none", "web", "mini_program"] as const satisfies readonly JumpKind[];

/**
 * The jump as a form holds it. The message takes `url`, `miniprogramAppid` and `page` as they
 * stand, so a form keeps only what its `jump` uses: no page or mini program for a web page,
 * nothing at all for "none" (`switchJump`). With a mini program, `url` is the optional fallback
 * for old WeChat versions.
 */
export type JumpForm = {
  jump: JumpKind;
  url: string;
  miniprogramAppid: string;
  page: string;
};

/** The fields of a jump, named as the core names them in its refusals ("url: …"). */
export type JumpField = "url" | "miniprogramAppid" | "page";
const JUMP_FIELDS: readonly string[] = ["url", "miniprogramAppid", "page"] satisfies readonly JumpField[];

/** The jump a message makes: WeChat prefers a mini program to a web page when both are given. */
export function jumpKindOf(message: Partial<Pick<MessageSpec, "page" | "url" | "miniprogramAppid">>): JumpKind {
  if (message.miniprogramAppid?.trim() || message.page?.trim()) return "mini_program";
  if (message.url?.trim()) return "web";
  return "none";
}

/** A form's jump as read from a message (a draft, a copied campaign, a send-again link). */
export function jumpFormOf(message: Partial<Pick<MessageSpec, "page" | "url" | "miniprogramAppid">>): JumpForm {
  return {
    jump: jumpKindOf(message),
    url: message.url ?? "",
    miniprogramAppid: message.miniprogramAppid ?? "",
    page: message.page ?? "",
  };
}

/**
 * The message's jump fields. `url` and `miniprogramAppid` are left out when empty, so a mini
 * program's message (which never has them) is exactly what it was before Official Accounts.
 */
export function jumpMessage(
  form: Pick<JumpForm, "url" | "miniprogramAppid" | "page">,
): Pick<MessageSpec, "page"> & Partial<Pick<MessageSpec, "url" | "miniprogramAppid">> {
  const page = form.page.trim();
  const url = form.url.trim();
  const appid = form.miniprogramAppid.trim();
  return { page: page === "" ? null : page, ...(url ? { url } : {}), ...(appid ? { miniprogramAppid: appid } : {}) };
}

/**
 * The form after choosing another jump: what the new one does not use is emptied, so it is not
 * sent; what it uses comes back from `remembered` (the values typed before switching away).
 * Choosing a mini program picks it when the account has only one.
 */
export function switchJump(
  form: JumpForm,
  jump: JumpKind,
  remembered: Omit<JumpForm, "jump">,
  boundMiniPrograms: readonly string[],
): JumpForm {
  const url = form.url || remembered.url;
  if (jump === "none") return { jump, url: "", miniprogramAppid: "", page: "" };
  if (jump === "web") return { jump, url, miniprogramAppid: "", page: "" };
  const only = boundMiniPrograms.length === 1 ? (boundMiniPrograms[0] ?? "") : "";
  return {
    jump,
    url,
    miniprogramAppid: form.miniprogramAppid || remembered.miniprogramAppid || only,
    page: form.page || remembered.page,
  };
}

/** What is wrong with one field of a jump (the core's refusals, and a chosen jump left blank). */
export type JumpProblem =
  | { field: "url"; kind: "urlMissing" }
  | { field: "url"; kind: "urlInvalid"; url: string }
  | { field: "miniprogramAppid"; kind: "appidMissing" }
  | { field: "miniprogramAppid"; kind: "notBound"; appid: string }
  | { field: "page"; kind: "pageMissing" };

/** `check_jump`'s web address: http(s), parsed, with a host. */
export function isWebAddress(url: string): boolean {
  if (!url.startsWith("https://") && !url.startsWith("http://")) return false;
  try {
    return new URL(url).hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Everything wrong with a jump, at most one problem per field, in the order of the form. The
 * core's rules (`check_jump`): a URL is a web address; the mini program is one bound to the
 * account; a mini program needs a page and a page needs a mini program. And one of the form's:
 * a jump chosen must be filled in (the core would send a card that opens nothing).
 */
export function jumpProblems(form: JumpForm, boundMiniPrograms: readonly string[]): JumpProblem[] {
  const problems: JumpProblem[] = [];
  const url = form.url.trim();
  const appid = form.miniprogramAppid.trim();
  const page = form.page.trim();
  if (form.jump === "none") return problems;
  if (form.jump === "web" && url === "") problems.push({ field: "url", kind: "urlMissing" });
  if (url !== "" && !isWebAddress(url)) problems.push({ field: "url", kind: "urlInvalid", url });
  if (form.jump !== "mini_program") return problems;
  if (appid === "") problems.push({ field: "miniprogramAppid", kind: "appidMissing" });
  else if (!boundMiniPrograms.includes(appid)) problems.push({ field: "miniprogramAppid", kind: "notBound", appid });
  if (page === "") problems.push({ field: "page", kind: "pageMissing" });
  return problems;
}

/**
 * The jump field an `invalid_input` refusal is about, and its message without the field key:
 * the core starts such messages with the key and a colon ("url: …"), which only places the
 * message. Read when shown, so it follows a language switch.
 */
export function jumpFieldError(error: IpcError | null): { field: JumpField; message: string } | null {
  if (error?.code !== "invalid_input") return null;
  const match = /^([A-Za-z]+):\s*([\s\S]*)$/.exec(error.message);
  const field = match?.[1];
  return match && field && JUMP_FIELDS.includes(field) ? { field: field as JumpField, message: match[2] || error.message } : null;
}
