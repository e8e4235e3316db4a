import { Alert, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { SuppressionAdded } from "../../ipc";

/** Pieces that were not openids shown at most; the rest are counted. */
const SHOWN_PIECES = 50;

/** What an add did: how many were added, how many were there already, and each piece that was not an openid. */
export function AddResult({ result, onClose }: { result: SuppressionAdded; onClose: () => void }) {
  const { t } = useTranslation("suppression");
  const fmt = useFormat();
  const { added, already, notOpenids } = result;
  const shown = notOpenids.slice(0, SHOWN_PIECES);
  return (
    <Alert
      type={notOpenids.length > 0 ? "warning" : "success"}
      showIcon
      closable={{ onClose }}
      data-testid="suppression-result"
      data-added={added}
      data-already={already}
      title={
        <span>
          {t("result.added", { added: fmt.number(added) })}
          {already > 0 ? ` ${t("result.already", { already: fmt.number(already) })}` : null}
        </span>
      }
      description={
        notOpenids.length > 0 ? (
          <Flex vertical gap={6}>
            <Typography.Text>{t("result.notOpenids", { count: notOpenids.length })}</Typography.Text>
            <Flex gap={4} wrap data-testid="suppression-not-openids">
              {shown.map((piece, index) => (
                <Tag key={`${index}:${piece}`} className="pd-suppression-piece" data-testid="suppression-not-openid">
                  {piece}
                </Tag>
              ))}
              {notOpenids.length > shown.length ? (
                <Typography.Text type="secondary">{t("result.moreNotOpenids", { count: notOpenids.length })}</Typography.Text>
              ) : null}
            </Flex>
          </Flex>
        ) : undefined
      }
    />
  );
}
