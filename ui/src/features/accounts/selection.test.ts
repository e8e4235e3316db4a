import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resolveSelectedAccount, visibleAccounts } from "./selection";

const all = [SANDBOX_ACCOUNT, REAL_ACCOUNT];

describe("account selection", () => {
  it("hides the sandbox account unless shown", () => {
    expect(visibleAccounts(all, false)).toEqual([REAL_ACCOUNT]);
    expect(visibleAccounts(all, true)).toEqual(all);
  });

  it("keeps the remembered account while it is offered", () => {
    expect(resolveSelectedAccount(all, SANDBOX_ACCOUNT.id)).toBe(SANDBOX_ACCOUNT);
  });

  it("falls back to the first real account, then the sandbox, then none", () => {
    expect(resolveSelectedAccount(all, 999)).toBe(REAL_ACCOUNT);
    expect(resolveSelectedAccount(all, null)).toBe(REAL_ACCOUNT);
    expect(resolveSelectedAccount([SANDBOX_ACCOUNT], null)).toBe(SANDBOX_ACCOUNT);
    expect(resolveSelectedAccount([], 1)).toBeUndefined();
  });
});
