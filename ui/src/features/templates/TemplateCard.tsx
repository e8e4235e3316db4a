import { Alert, Card, Flex, Tag, Tooltip, Typography } from "antd";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import type { SyncedTemplate } from "../../ipc";
import { KeywordTable } from "./KeywordTable";
import { OFFICIAL_TEMPLATE_KIND, displayLimitOf, droppedKeys } from "./legacy";

/**
 * One cached template: title, type (a mini program's subscription, or an Official Account's
 * template message), copyable id, keywords and WeChat's example; for a legacy Official Account
 * template, what WeChat no longer shows of it. Memoised: typing in the page's search must not
 * render every keyword table again.
 */
export const TemplateCard = memo(function TemplateCard({ template }: { template: SyncedTemplate }) {
  const { t } = useTranslation();
  const { templateId } = template;

  return (
    <Card size="small" className="pd-template-card" data-testid={`template-${templateId}`}>
      <Flex vertical gap={12}>
        <Flex vertical gap={4}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={5} className="pd-template-title">
              {template.title}
            </Typography.Title>
            <KindTag kind={template.kind} />
          </Flex>
          <Flex align="baseline" gap={6} className="pd-template-id">
            <Typography.Text type="secondary">{t("templates.templateId")}</Typography.Text>
            <CodeText
              copyable={{ text: templateId }}
              data-testid={`template-id-${templateId}`}
            >
              {templateId}
            </CodeText>
          </Flex>
        </Flex>

        <LegacyNote template={template} />

        {template.keywords.length > 0 ? (
          <KeywordTable templateId={templateId} keywords={template.keywords} />
        ) : (
          <Alert type="info" showIcon title={t("templates.noKeywords")} />
        )}

        <div className="pd-template-example">
          <Typography.Text type="secondary" className="pd-template-example-label">
            {t("templates.example")}
          </Typography.Text>
          {template.example.trim() ? (
            <div className="pd-template-example-text" data-testid={`template-example-${templateId}`}>
              {template.example.trim()}
            </div>
          ) : (
            <Typography.Text type="secondary"> {t("templates.noExample")}</Typography.Text>
          )}
        </div>
      </Flex>
    </Card>
  );
});

function KindTag({ kind }: { kind: number }) {
  const { t } = useTranslation();
  if (kind === OFFICIAL_TEMPLATE_KIND) {
    return (
      <Tooltip title={t("templates.kindHelp.templateMessage")}>
        <Tag color="purple" variant="filled" className="pd-kind-tag" data-testid="template-kind-template-message">
          {t("templates.kind.templateMessage")}
        </Tag>
      </Tooltip>
    );
  }
  if (kind === 2 || kind === 3) {
    const which = kind === 2 ? "oneTime" : "longTerm";
    return (
      <Tooltip title={t(`templates.kindHelp.${which}`)}>
        <Tag color={kind === 2 ? "blue" : "green"} variant="filled" className="pd-kind-tag">
          {t(`templates.kind.${which}`)}
        </Tag>
      </Tooltip>
    );
  }
  return <Tag className="pd-kind-tag">{t("templates.kind.other", { kind })}</Tag>;
}

/**
 * A legacy Official Account template: its first line and remark are left out (WeChat has not
 * shown them since May 2023) and its values are held to what the card shows.
 */
function LegacyNote({ template }: { template: SyncedTemplate }) {
  const { t } = useTranslation();
  const dropped = droppedKeys(template);
  const limit = displayLimitOf(template);
  if (dropped.length === 0 && limit === null) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid={`template-legacy-${template.templateId}`}
      title={t("templates.legacy.title")}
      description={
        <>
          {dropped.length > 0 ? <div>{t("templates.legacy.dropped")}</div> : null}
          {limit !== null ? <div>{t("templates.legacy.limit", { limit })}</div> : null}
        </>
      }
    />
  );
}
