import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { CampaignKind } from "../../ipc";

/** "单发" / "测试" before a campaign name; nothing for a real campaign. */
export function KindTag({ kind }: { kind: CampaignKind }) {
  const { t } = useTranslation("sendlog");
  if (kind === "campaign") return null;
  return (
    <Tag className="pd-log-kind-tag" data-kind={kind} color={kind === "test" ? "purple" : "blue"}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}
