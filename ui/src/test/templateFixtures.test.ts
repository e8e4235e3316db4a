import { describe, expect, it } from "vitest";
import type { SyncedTemplate } from "../bindings";
import { SANDBOX_TEMPLATES } from "./templateFixtures";

/**
 * The core's rule (`template::attach_examples`): a line of the template's example is
 * `label:value` (either colon); the first line with a keyword's label gives its example.
 */
function examplesByRule(template: SyncedTemplate): (string | null)[] {
  const found = new Map<string, string | null>();
  for (const line of template.example.split("\n")) {
    const match = /^([^:：]*)[:：](.*)$/.exec(line);
    if (!match) continue;
    const label = (match[1] ?? "").trim();
    const value = (match[2] ?? "").trim();
    if (!found.has(label)) found.set(label, value === "" ? null : value);
  }
  return template.keywords.map((keyword) => found.get(keyword.label) ?? null);
}

describe("template fixtures", () => {
  it("carry each keyword's example as the core reads it from the template's example text", () => {
    for (const template of SANDBOX_TEMPLATES) {
      expect(template.keywords.map((keyword) => keyword.example ?? null), template.title).toEqual(examplesByRule(template));
      expect(template.keywords.every((keyword) => keyword.example), template.title).toBe(true);
    }
  });
});
