import { Alert, Card, Flex, Tag, Tooltip, Typography } from "antd";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import type { SyncedTemplate } from "../../ipc";
import { KeywordTable } from "./KeywordTable";

/**
 * One cached template: title, subscription type, copyable id, keywords and WeChat's example.
 * Memoised: typing in the page's search must not render every keyword table again.
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
