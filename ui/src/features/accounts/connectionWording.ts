import type { TFunction } from "i18next";
import type { ConnectionReport, Failure, TokenMode, TransportKind } from "../../ipc";

/** What a failed connection test tells the user first: what is wrong, then what to do. */
export type ConnectionWording = { title: string; action: string | null };

type NetworkProblem = "unreachable" | "proxy" | "noAnswer" | "wrongAnswer";

/** What each way a request can fail in transport means to someone testing a connection. */
const NETWORK_PROBLEM: Record<TransportKind, NetworkProblem> = {
  connect_failed: "unreachable",
  dns: "unreachable",
  connect_timeout: "unreachable",
  not_written: "unreachable",
  other: "unreachable",
  proxy_failed: "proxy",
  timeout_after_send: "noAnswer",
  connection_lost: "noAnswer",
  http5xx: "noAnswer",
  http_status: "wrongAnswer",
  invalid_body: "wrongAnswer",
};

/**
 * The leads the catalogue opens token failures with. They answer "did my campaign send
 * anything?", a question a connection test does not raise.
 */
const SEND_LEADS = ["没有发送任何消息。", "Nothing was sent. "];

function withoutSendLead(action: string): string {
  const lead = SEND_LEADS.find((prefix) => action.startsWith(prefix));
  return lead ? action.slice(lead.length) : action;
}

/** The transport failure behind a report, wherever it happened (token fetch or template list). */
function transportKind(failure: Failure): TransportKind | undefined {
  return failure.token_fetch ?? failure.transport;
}

/**
 * The words for a failed connection test. The core's catalogue explains failures for a
 * running campaign ("nothing was sent, Pushdesk retries, the campaign pauses"); a connection
 * test sends nothing and retries nothing, so:
 * - a network failure gets the test's own wording, naming the server that could not be reached;
 * - a failure the engine would retry, or pause until tomorrow, keeps the catalogue's title
 *   (what happened) with the test's advice instead of the engine's plan;
 * - anything else (a wrong AppSecret, a non-whitelisted IP, …) keeps the catalogue's specific
 *   advice, without the lead about messages.
 */
export function connectionWording(
  report: ConnectionReport,
  tokenMode: TokenMode,
  english: boolean,
  t: TFunction,
): ConnectionWording {
  const entry = report.problem;
  if (!entry) return { title: t("accounts.test.failed"), action: null };

  const kind = transportKind(entry.failure);
  if (kind !== undefined) {
    // Only the token may come from somewhere else than WeChat (or the relay standing in for it).
    const server =
      entry.failure.token_fetch !== undefined && tokenMode === "external"
        ? t("accounts.test.server.tokenService")
        : t("accounts.test.server.wechat");
    const problem = NETWORK_PROBLEM[kind];
    return {
      title: t(`accounts.test.network.${problem}.title`, { server }),
      action: t(`accounts.test.network.${problem}.action`),
    };
  }

  const { explanation } = entry;
  const title = english ? explanation.title_en : explanation.title_zh;
  if (entry.retry?.kind === "next_day") return { title, action: t("accounts.test.advice.tomorrow") };
  if (entry.class === "retry" || entry.class === "refresh_token" || entry.class === "unknown" || entry.class === "unreachable") {
    return { title, action: t("accounts.test.advice.later") };
  }
  return { title, action: withoutSendLead(english ? explanation.action_en : explanation.action_zh) };
}
