import { Collapse, Typography } from "antd";
import { useTranslation } from "react-i18next";

/**
 * The core's own words about a failure (English, from the HTTP stack or the OS), folded away
 * under "Technical details": useless to a marketer, but what a technical colleague asks for,
 * so it stays one click away and copyable.
 */
export function TechnicalDetails({ detail, testId }: { detail: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Collapse
      ghost
      size="small"
      className="pd-conn-technical"
      data-testid={testId}
      items={[
        {
          key: "details",
          label: t("accounts.test.technicalDetails"),
          children: (
            <Typography.Paragraph type="secondary" copyable className="pd-conn-detail" data-testid={`${testId}-text`}>
              {detail}
            </Typography.Paragraph>
          ),
        },
      ]}
    />
  );
}
