/** An AppID: "wx" then 16 letters or digits (18 in all), as the backend checks it. */
export const APPID_PATTERN = /^wx[A-Za-z0-9]{16}$/;

/** Whether `value` has the shape of an AppID (of a mini program or an Official Account alike). */
export function isAppid(value: string): boolean {
  return APPID_PATTERN.test(value);
}
