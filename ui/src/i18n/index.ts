import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../bindings";
import auditEn from "../features/audit/locales/en.json";
import auditZhCN from "../features/audit/locales/zh-CN.json";
import campaignsEn from "../features/campaigns/locales/en.json";
import campaignsZhCN from "../features/campaigns/locales/zh-CN.json";
import composeEn from "../features/compose/locales/en.json";
import composeZhCN from "../features/compose/locales/zh-CN.json";
import dashboardEn from "../features/dashboard/locales/en.json";
import dashboardZhCN from "../features/dashboard/locales/zh-CN.json";
import ledgerEn from "../features/ledger/locales/en.json";
import ledgerZhCN from "../features/ledger/locales/zh-CN.json";
import sendlogEn from "../features/sendlog/locales/en.json";
import sendlogZhCN from "../features/sendlog/locales/zh-CN.json";
import seriesEn from "../features/series/locales/en.json";
import seriesZhCN from "../features/series/locales/zh-CN.json";
import suppressionEn from "../features/suppression/locales/en.json";
import suppressionZhCN from "../features/suppression/locales/zh-CN.json";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export const DEFAULT_LANGUAGE: Language = "zh-CN";
export const LANGUAGES = ["zh-CN", "en"] as const satisfies readonly Language[];

/** One namespace per large feature, so each feature's strings live beside its code. */
export const resources = {
  "zh-CN": { translation: zhCN, compose: composeZhCN, campaigns: campaignsZhCN, sendlog: sendlogZhCN, dashboard: dashboardZhCN, suppression: suppressionZhCN, ledger: ledgerZhCN, series: seriesZhCN, audit: auditZhCN },
  en: { translation: en, compose: composeEn, campaigns: campaignsEn, sendlog: sendlogEn, dashboard: dashboardEn, suppression: suppressionEn, ledger: ledgerEn, series: seriesEn, audit: auditEn },
} as const satisfies Record<Language, { translation: unknown } & Record<string, unknown>>;

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
