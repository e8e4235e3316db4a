import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../bindings";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export const DEFAULT_LANGUAGE: Language = "zh-CN";
export const LANGUAGES = ["zh-CN", "en"] as const satisfies readonly Language[];

export const resources = {
  "zh-CN": { translation: zhCN },
  en: { translation: en },
} as const satisfies Record<Language, { translation: unknown }>;

void i18n.use(initReactI18next).init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  // Resources are bundled: initialise synchronously so the first render already has strings.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the UI language (strings, <html lang>); antd's locale follows the preferences. */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export default i18n;
