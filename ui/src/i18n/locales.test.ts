import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../ipc/errors";
import { resources } from "./index";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

// Every namespace, its keys prefixed with the namespace: "compose:form.title".
const flattenAll = (lang: keyof typeof resources) =>
  new Map(
    Object.entries(resources[lang]).flatMap(([ns, tree]) =>
      [...flatten(tree as Tree)].map(([k, v]) => [ns === "translation" ? k : `${ns}:${k}`, v] as const),
    ),
  );
const zh = flattenAll("zh-CN");
const english = flattenAll("en");

describe("locale files", () => {
  it("have exactly the same keys", () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it("have no empty strings", () => {
    for (const [key, value] of [...zh, ...english]) expect(value.trim(), key).not.toBe("");
  });

  it("use the same interpolation variables in both languages", () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zh) expect(vars(english.get(key) ?? ""), key).toEqual(vars(value));
  });

  it("name every backend error code", () => {
    for (const code of ERROR_CODES) {
      expect(zh.has(`error.${code}`), code).toBe(true);
      expect(english.has(`error.${code}`), code).toBe(true);
    }
  });

  // Issue 18: English reached the Chinese UI. A Chinese text with Latin letters must hold
  // Chinese too, unless it is a name users see in WeChat's own tools, a format or a sample URL.
  it("keep the Chinese file in Chinese except names kept as WeChat writes them", () => {
    const keptAsIs = new Set(["openid", "msgid", "rid", "AppID", "AppSecret", "Token", "EncodingAESKey", "CSV", "Excel（XLSX）", "Excel (XLSX)", "English", "UTF-8", "UTF-16LE", "UTF-16BE"]);
    for (const [key, value] of zh) {
      const words = value.replace(/\{\{[^}]*\}\}/g, "");
      if (!/[A-Za-z]/.test(words) || keptAsIs.has(words) || /^https?:\/\//.test(words)) continue;
      expect(/[\u4e00-\u9fff]/.test(words), `${key}: ${value}`).toBe(true);
    }
  });

  it("keep the English file free of Chinese except language names", () => {
    const allowed = new Set(["settings.languageZh"]);
    for (const [key, value] of english) {
      if (!allowed.has(key)) expect(/[\u4e00-\u9fff]/.test(value), key).toBe(false);
    }
  });
});
