/**
 * Pretty-prints JSON text without parsing it into JavaScript values, so numbers keep every digit
 * (a 19-digit msgid stays exact; `JSON.parse` would round it). Text that is not JSON is returned
 * unchanged.
 */
export function prettyJson(text: string, indent = 2): string {
  try {
    JSON.parse(text);
  } catch {
    return text;
  }
  const pad = (level: number) => "\n" + " ".repeat(level * indent);
  let out = "";
  let level = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") {
      i += 1;
      continue;
    }
    if (ch === "{" || ch === "[") {
      // Keep empty containers on one line.
      let j = i + 1;
      while (/\s/.test(text.charAt(j))) j += 1;
      const close = ch === "{" ? "}" : "]";
      if (text.charAt(j) === close) {
        out += ch + close;
        i = j + 1;
        continue;
      }
      level += 1;
      out += ch + pad(level);
    } else if (ch === "}" || ch === "]") {
      level -= 1;
      out += pad(level) + ch;
    } else if (ch === ",") {
      out += "," + pad(level);
    } else if (ch === ":") {
      out += ": ";
    } else {
      out += ch;
    }
    i += 1;
  }
  return out;
}
