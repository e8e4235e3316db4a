import type { AppError, TeamLink, TeamRole, TeamStatus } from "../bindings";
import { appError, field, roleRefused } from "./coreErrors";
import type { ApprovalFields } from "./fakeApproval";

/**
 * The team link of the fake backend (Settings → 团队). Who the person is on the store in use
 * (`login`, `teamRole`, `approvalThreshold`) is `ApprovalFields`; this is what `join_team` keeps
 * for the next start.
 */
export type TeamFields = {
  /** The link kept for the next start (`team_link`): set by `join_team`, removed by `leave_team`. */
  teamLink: TeamLink | null;
  /** The role `join_team` signs in with (the fake server takes any password). */
  joinRole: TeamRole;
};

/** No team joined. */
export function noTeamLink(): TeamFields {
  return { teamLink: null, joinRole: "author" };
}

export const TEAM_SERVER = "postgres://db.example.com:5432/pushdesk";
export const TEAM_LOGIN = "li";
/** Where `team_status` says the store is, after the login (`StoreAddress::shown`). */
const TEAM_STORE_AT = "@db.example.com:5432/pushdesk";

/**
 * Overrides for a desk working on a team's shared store as `role` (login `li` at
 * db.example.com, approval above `threshold` recipients).
 */
export function onTeam(role: TeamRole | null, threshold: number | null = 1000): Partial<ApprovalFields & TeamFields> {
  return { login: TEAM_LOGIN, teamRole: role, approvalThreshold: threshold, teamLink: { server: TEAM_SERVER, login: TEAM_LOGIN } };
}

/** `TeamLink::base` (`team_link.rs`): the server is a PostgreSQL address. */
export function teamServerInvalid(): AppError {
  return appError(
    "invalid_input",
    field("server", "the server is a PostgreSQL address: postgres://host:port/database", "服务器应为 PostgreSQL 地址：postgres://主机:端口/数据库"),
  );
}

/** `TeamLink::base`: a login or password written into the server's address. */
export function teamServerHasLogin(): AppError {
  return appError(
    "invalid_input",
    field(
      "server",
      "give the login and password in their own fields, not in the server's address",
      "请在各自的输入框中填写登录名和密码，不要写在服务器地址里",
    ),
  );
}

/** `TeamLink::base`: no login. */
export function teamLoginMissing(): AppError {
  return appError("invalid_input", field("login", "give your database login", "请填写你的数据库登录名"));
}

/** `team_link::join_team`: no password. */
export function teamPasswordMissing(): AppError {
  return appError("invalid_input", field("password", "give your password", "请填写密码"));
}

/** `Store::set_approval_threshold` on a desk's own file. */
export function approvalOnOwnFile(): AppError {
  return appError("invalid_input", {
    en: "approval is a team's rule: it is set on a shared store",
    zh: "审批是团队的规则：需要在共享数据库上设置",
  });
}

/** The server's address as `tokio_postgres::Config` reads it: a URL, without a login or password. */
function checkServer(server: string): AppError | null {
  const match = /^postgres(?:ql)?:\/\/([^/?#]*)(.*)$/.exec(server.trim());
  if (!match) return teamServerInvalid();
  const [, authority = "", rest = ""] = match;
  if (authority.includes("@") || /[?&](user|password)=/.test(rest)) return teamServerHasLogin();
  return null;
}

type TeamState = TeamFields & ApprovalFields;

/** `Desk::team_status`: a desk's own file (no `login`) has no store to show and asks no approval. */
function status(backend: TeamState): TeamStatus {
  const shared = backend.login !== null;
  return {
    store: shared ? `${backend.login}${TEAM_STORE_AT}` : null,
    role: backend.teamRole,
    approvalThreshold: shared ? backend.approvalThreshold : null,
  };
}

/** The team commands (`commands/team.rs`), as the core answers them; undefined for any other command. */
export function teamCommand(backend: TeamState, cmd: string, args: unknown): unknown {
  switch (cmd) {
    case "team_status":
      return status(backend);
    case "team_link":
      return backend.teamLink;
    case "join_team": {
      const { link, password } = args as { link: TeamLink; password: string };
      if (password === "") return teamPasswordMissing();
      const refused = checkServer(link.server);
      if (refused) return refused;
      if (link.login.trim() === "") return teamLoginMissing();
      backend.teamLink = { server: link.server.trim(), login: link.login.trim() };
      return backend.joinRole;
    }
    case "leave_team":
      backend.teamLink = null;
      return null;
    case "set_approval_threshold": {
      const { recipients } = args as { recipients: number };
      if (backend.login === null) return approvalOnOwnFile();
      if (backend.teamRole !== null && backend.teamRole !== "admin") return roleRefused("permission denied for table settings (42501)");
      backend.approvalThreshold = recipients;
      return status(backend);
    }
    case "restart_app":
      return null;
    default:
      return undefined;
  }
}
