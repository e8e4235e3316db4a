import { useTranslation } from "react-i18next";
import type { SendWindow } from "../../ipc";
import { windowParts } from "./scheduleText";

/** A send window in words: `每天 08:00–21:00`, `每天 22:00–次日 06:00`, or any hour. */
export function useWindowLabel() {
  const { t } = useTranslation("campaigns");
  return (window: SendWindow | null): string => {
    if (window === null) return t("timing.windowAny");
    const { start, end, overnight } = windowParts(window);
    return overnight ? t("timing.windowOvernight", { start, end }) : t("timing.windowValue", { start, end });
  };
}
