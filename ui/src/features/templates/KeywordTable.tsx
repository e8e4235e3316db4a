import { Flex, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import type { Keyword } from "../../ipc";

type Props = {
  templateId: string;
  keywords: Keyword[];
};

/** A template's keywords in template order: label, key, type, the rule a value must follow and the template's example. */
export function KeywordTable({ templateId, keywords }: Props) {
  const { t, i18n } = useTranslation();

  const columns: TableColumnsType<Keyword> = [
    {
      key: "label",
      title: t("templates.column.label"),
      dataIndex: "label",
      width: "20%",
      render: (label: string) => <Typography.Text strong>{label}</Typography.Text>,
    },
    {
      key: "key",
      title: t("templates.column.key"),
      dataIndex: "key",
      width: "22%",
      render: (key: string) => <CodeText>{key}</CodeText>,
    },
    {
      key: "type",
      title: t("templates.column.type"),
      dataIndex: "kind",
      // As wide as the longest type tag: 短事物, or "Character string" in English.
      width: i18n.language === "en" ? 140 : 104,
      render: (_kind, keyword) => (
        <Tag variant="outlined" className="pd-kind-tag" data-kind={keyword.kind}>
          {keyword.displayLimit ? t("templates.keywordKind.legacy") : t(`templates.keywordKind.${keyword.kind}`)}
        </Tag>
      ),
    },
    {
      key: "rule",
      title: t("templates.column.rule"),
      render: (_value, keyword) => (
        <Flex vertical gap={6}>
          <Typography.Text type="secondary" className="pd-keyword-rule">
            {keyword.displayLimit
              ? t("templates.keywordRule.displayLimit", { limit: keyword.displayLimit })
              : t(`templates.keywordRule.${keyword.kind}`)}
          </Typography.Text>
          {keyword.example ? (
            <Typography.Text className="pd-keyword-example" data-testid={`template-${templateId}-example-${keyword.key}`}>
              {t("templates.keywordExample", { example: keyword.example })}
            </Typography.Text>
          ) : null}
          {keyword.enumValues.length > 0 ? (
            <Flex
              gap={4}
              wrap
              aria-label={t("templates.column.enumValues")}
              data-testid={`template-${templateId}-enum-${keyword.key}`}
            >
              {keyword.enumValues.map((value) => (
                <Tag key={value} color="purple" variant="filled" className="pd-enum-tag">
                  {value}
                </Tag>
              ))}
            </Flex>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Table<Keyword>
      size="small"
      className="pd-keyword-table"
      columns={columns}
      dataSource={keywords}
      rowKey="key"
      pagination={false}
      tableLayout="fixed"
      onRow={(keyword) => ({ "data-testid": `template-${templateId}-keyword-${keyword.key}` }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
