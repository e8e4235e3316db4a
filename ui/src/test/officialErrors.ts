import type { AppError } from "../bindings";
import { appError, field } from "./coreErrors";

/**
 * The core's refusals of the Official Account commands (followers, tags, intercepted messages),
 * English and Chinese, as the fake backends give them. Each mirrors the Rust message named
 * beside it (`desk/followers.rs`); change them together.
 */

/** `Desk::official_client`: followers, tags and interceptions are an Official Account's only. */
export function notOfficialAccount(name: string): AppError {
  return appError(
    "invalid_input",
    field("source", `${name} is a mini program: only an Official Account has followers`, `「${name}」是小程序：只有服务号才有关注者`),
  );
}

/** `desk/followers.rs` `fetch`: a tag id `tags/get` does not list (deleted meanwhile, or never there). */
export function unknownFollowerTag(id: string): AppError {
  return appError(
    "invalid_input",
    field(
      "tags",
      `the account has no follower tag ${id} (any more?); choose the tags again`,
      `账号没有编号为 ${id} 的标签（可能已被删除），请重新选择标签`,
    ),
  );
}
