import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { accountAfterAddTest, resolveSelectedAccount, visibleAccounts } from "./selection";

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

  // Bug 6: an account added without network became the current account.
  it("makes a newly added account current only once it connects, unless there was none", () => {
    expect(accountAfterAddTest(REAL_ACCOUNT.id, 3, true)).toBe(3);
    expect(accountAfterAddTest(REAL_ACCOUNT.id, 3, false)).toBeNull();
    expect(accountAfterAddTest(null, 3, false)).toBe(3);
  });
});
