import { describe, expect, it } from "vitest";
import { MAX_BOUND_MINI_PROGRAMS, boundMiniProgramsProblem, isRefusedMiniProgram, tidyMiniPrograms } from "./boundMiniPrograms";

const OWN = "wx0123456789abcdef";
const SHOP = "wx1111111111111111";
const CLUB = "wx2222222222222222";

describe("bound mini programs", () => {
  it("are trimmed, without blanks, each once in the order given", () => {
    expect(tidyMiniPrograms([` ${CLUB}`, "", SHOP, `${CLUB} `, "  "])).toEqual([CLUB, SHOP]);
  });

  it("pass when each is another AppID and there are not too many", () => {
    expect(boundMiniProgramsProblem([], OWN)).toBeNull();
    expect(boundMiniProgramsProblem([SHOP, CLUB, SHOP], OWN)).toBeNull();
    const twenty = Array.from({ length: MAX_BOUND_MINI_PROGRAMS }, (_, i) => `wx${String(i).padStart(16, "0")}`);
    expect(boundMiniProgramsProblem(twenty, OWN)).toBeNull();
  });

  it("name the first AppID the backend would refuse, in its order", () => {
    expect(boundMiniProgramsProblem([SHOP, "wx123", OWN], OWN)).toEqual({ kind: "notAppid", appid: "wx123" });
    expect(boundMiniProgramsProblem([SHOP, ` ${OWN} `, "wx123"], OWN)).toEqual({ kind: "ownAppid", appid: OWN });
    expect(boundMiniProgramsProblem(["ab0123456789abcdef"], OWN)).toEqual({ kind: "notAppid", appid: "ab0123456789abcdef" });
    expect(boundMiniProgramsProblem(["wx0123456789abcde!"], OWN)).toMatchObject({ kind: "notAppid" });
  });

  it("refuse more than 20, counting repeats once", () => {
    const many = Array.from({ length: MAX_BOUND_MINI_PROGRAMS + 1 }, (_, i) => `wx${String(i).padStart(16, "0")}`);
    expect(boundMiniProgramsProblem(many, OWN)).toEqual({ kind: "tooMany", max: 20 });
    expect(boundMiniProgramsProblem([...many.slice(0, 20), many[0]], OWN)).toBeNull();
  });

  it("mark one AppID as refused when it is not one or is the account's own", () => {
    expect(isRefusedMiniProgram(SHOP, OWN)).toBe(false);
    expect(isRefusedMiniProgram("wx123", OWN)).toBe(true);
    expect(isRefusedMiniProgram(OWN, ` ${OWN}`)).toBe(true);
  });
});
