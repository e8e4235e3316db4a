import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { GrantState } from "../../ipc";
import { GRANT_STATE_COLOR } from "./model";

/** What the ledger knows of a person and template, as a coloured tag; the raw state in `data-state`. */
export function GrantStateTag({ state }: { state: GrantState }) {
  const { t } = useTranslation("ledger");
  return (
    <Tag color={GRANT_STATE_COLOR[state]} data-testid="ledger-user-state" data-state={state} className="pd-ledger-tag">
      {t(`state.${state}`)}
    </Tag>
  );
}
