import type { ComposeDraft, Lang, MessageSpec, MiniprogramState, SyncedTemplate } from "../../ipc";
import { jumpFormOf, jumpMessage, type JumpForm } from "./jump";

/**
 * Everything the Compose form holds (the recipient choice aside). A mini program's message
 * uses `page` (the card opens nothing without one), `miniprogramState` and `lang`; an Official
 * Account's uses the jump (`jump`, `url`, `miniprogramAppid`, `page`), see `JumpForm`.
 */
export type ComposeState = JumpForm & {
  templateId: string | null;
  /** Keyword key → value as typed (placeholders unfilled). */
  values: Record<string, string>;
  /** Page path as typed; empty = the card opens nothing. */
  page: string;
  miniprogramState: MiniprogramState;
  lang: Lang;
  /** The single recipient typed. */
  openid: string;
  /** Values of the `{{placeholders}}` for a direct send. */
  placeholders: Record<string, string>;
};

export const MINIPROGRAM_STATES = ["formal", "trial", "developer"] as const satisfies readonly MiniprogramState[];
export const LANGS = ["zh_CN", "en_US", "zh_HK", "zh_TW"] as const satisfies readonly Lang[];

export const EMPTY_STATE: ComposeState = {
  templateId: null,
  values: {},
  page: "",
  miniprogramState: "formal",
  lang: "zh_CN",
  openid: "",
  placeholders: {},
  jump: "none",
  url: "",
  miniprogramAppid: "",
};

/** Where the starting state came from. */
export type StartedFrom =
  | { kind: "empty" }
  | { kind: "draft" }
  /** "Send again" from the log: `?template=&values=&openid=`. */
  | { kind: "link"; missingTemplate: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") out[key] = item;
    else if (typeof item === "number") out[key] = String(item);
  }
  return out;
}

function isState(value: unknown): value is MiniprogramState {
  return (MINIPROGRAM_STATES as readonly unknown[]).includes(value);
}

function isLang(value: unknown): value is Lang {
  return (LANGS as readonly unknown[]).includes(value);
}

/**
 * Reads the `values` query parameter: a JSON `MessageSpec` (`{values, page, miniprogramState,
 * lang}`, an Official Account's with `url` and `miniprogramAppid`), or just the `{key: value}`
 * map. Anything unreadable gives an empty message.
 */
export function parseMessageParam(raw: string | null): Partial<MessageSpec> & { values: Record<string, string> } {
  if (!raw) return { values: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { values: {} };
  }
  if (!isRecord(parsed)) return { values: {} };
  if (!isRecord(parsed.values)) return { values: stringRecord(parsed) };
  return {
    values: stringRecord(parsed.values),
    page: typeof parsed.page === "string" ? parsed.page : null,
    ...(isState(parsed.miniprogramState) ? { miniprogramState: parsed.miniprogramState } : {}),
    ...(isLang(parsed.lang) ? { lang: parsed.lang } : {}),
    ...(typeof parsed.url === "string" ? { url: parsed.url } : {}),
    ...(typeof parsed.miniprogramAppid === "string" ? { miniprogramAppid: parsed.miniprogramAppid } : {}),
  };
}

/** Keeps only the values of the template's keywords. */
function valuesFor(template: SyncedTemplate | undefined, values: Record<string, string>): Record<string, string> {
  if (!template) return {};
  const out: Record<string, string> = {};
  for (const keyword of template.keywords) {
    const value = values[keyword.key];
    if (value !== undefined) out[keyword.key] = value;
  }
  return out;
}

/**
 * The state Compose starts with: a "send again" link wins over the saved draft; a draft of
 * another account is ignored; a template that is no longer cached is dropped.
 */
export function initialComposeState(
  accountId: number,
  templates: readonly SyncedTemplate[],
  draft: ComposeDraft | null,
  params: URLSearchParams,
): { state: ComposeState; from: StartedFrom } {
  const byId = (id: string | null) => (id ? templates.find((tpl) => tpl.templateId === id) : undefined);
  const linkedTemplate = params.get("template");
  if (linkedTemplate) {
    const template = byId(linkedTemplate);
    const message = parseMessageParam(params.get("values"));
    return {
      state: {
        ...EMPTY_STATE,
        templateId: template ? template.templateId : null,
        values: valuesFor(template, message.values),
        ...jumpFormOf(message),
        miniprogramState: message.miniprogramState ?? EMPTY_STATE.miniprogramState,
        lang: message.lang ?? EMPTY_STATE.lang,
        openid: params.get("openid")?.trim() ?? "",
      },
      from: { kind: "link", missingTemplate: template ? null : linkedTemplate },
    };
  }
  if (draft && draft.accountId === accountId) {
    const template = byId(draft.templateId);
    return {
      state: {
        templateId: template ? template.templateId : null,
        values: valuesFor(template, draft.message.values),
        ...jumpFormOf(draft.message),
        miniprogramState: isState(draft.message.miniprogramState) ? draft.message.miniprogramState : "formal",
        lang: isLang(draft.message.lang) ? draft.message.lang : "zh_CN",
        openid: draft.openid,
        placeholders: { ...draft.placeholders },
      },
      from: { kind: "draft" },
    };
  }
  return { state: EMPTY_STATE, from: { kind: "empty" } };
}

/**
 * The message as the backend takes it: the template's values, the page or null, and an
 * Official Account's web page and mini program when it has them. The build and language are
 * always there (the type requires them); the core does not send them for an Official Account.
 */
export function messageOf(state: ComposeState, template: SyncedTemplate | undefined): MessageSpec {
  const values: Record<string, string> = {};
  for (const keyword of template?.keywords ?? []) values[keyword.key] = state.values[keyword.key] ?? "";
  const { page, ...jump } = jumpMessage(state);
  return { values, page, miniprogramState: state.miniprogramState, lang: state.lang, ...jump };
}

/** Only the placeholders the message uses. */
export function placeholdersOf(state: ComposeState, used: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of used) out[name] = state.placeholders[name] ?? "";
  return out;
}

/** What is saved as the draft. */
export function draftOf(accountId: number, state: ComposeState, template: SyncedTemplate | undefined): ComposeDraft {
  return {
    accountId,
    templateId: state.templateId,
    message: messageOf(state, template),
    openid: state.openid,
    placeholders: { ...state.placeholders },
  };
}
