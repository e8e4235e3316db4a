/**
 * The field a message of the core is about. The core starts a refusal of one field with the
 * field's key and a colon ("server: …", "appid: …"): that key only places the message under its
 * field, it is not prose. `null` when the message names none of `fields`.
 */
export function splitFieldPrefix<F extends string>(message: string, fields: readonly F[]): { field: F; message: string } | null {
  const match = /^([A-Za-z]+):\s*([\s\S]*)$/.exec(message);
  const key = match?.[1];
  if (!match || key === undefined || !(fields as readonly string[]).includes(key)) return null;
  return { field: key as F, message: match[2] || message };
}
