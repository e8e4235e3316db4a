import "i18next";
import type audit from "../features/audit/locales/zh-CN.json";
import type campaigns from "../features/campaigns/locales/zh-CN.json";
import type compose from "../features/compose/locales/zh-CN.json";
import type dashboard from "../features/dashboard/locales/zh-CN.json";
import type ledger from "../features/ledger/locales/zh-CN.json";
import type sendlog from "../features/sendlog/locales/zh-CN.json";
import type series from "../features/series/locales/zh-CN.json";
import type suppression from "../features/suppression/locales/zh-CN.json";
import type zhCN from "./zh-CN.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: {
      translation: typeof zhCN;
      compose: typeof compose;
      campaigns: typeof campaigns;
      sendlog: typeof sendlog;
      dashboard: typeof dashboard;
      suppression: typeof suppression;
      ledger: typeof ledger;
      series: typeof series;
      audit: typeof audit;
    };
  }
}
