import { describe, expect, it } from "vitest";
import { TEAM_ROLES, may } from "./useTeam";

describe("may", () => {
  it("lets each role do what the roles below it may", () => {
    expect(TEAM_ROLES.filter((role) => may(role, "author"))).toEqual(["author", "sender", "admin"]);
    expect(TEAM_ROLES.filter((role) => may(role, "sender"))).toEqual(["sender", "admin"]);
    expect(TEAM_ROLES.filter((role) => may(role, "admin"))).toEqual(["admin"]);
    expect(TEAM_ROLES.every((role) => may(role, "viewer"))).toBe(true);
  });

  it("lets everything be done on the desk's own file (no role)", () => {
    expect(may(null, "admin")).toBe(true);
    expect(may(undefined, "sender")).toBe(true);
  });
});
