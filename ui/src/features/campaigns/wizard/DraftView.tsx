import { Descriptions, Flex, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import type { Draft } from "../../../ipc";

/** A delimiter as people call it. */
function useDelimiterName() {
  const { t } = useTranslation("campaigns");
  return (delimiter: string) => {
    if (delimiter === ",") return t("inspection.delimiterComma");
    if (delimiter === "\t") return t("inspection.delimiterTab");
    if (delimiter === ";") return t("inspection.delimiterSemicolon");
    if (delimiter === "|") return t("inspection.delimiterPipe");
    return delimiter;
  };
}

/** What was read into the draft: how, how many rows, and the first rows as the file numbers them. */
export function DraftView({ draft }: { draft: Draft }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const delimiterName = useDelimiterName();
  const { source } = draft;
  const columns = [
    { key: "rowNo", title: t("inspection.rowNo"), dataIndex: "rowNo", width: 64, className: "pd-num", fixed: "left" as const },
    ...draft.headers.map((header, index) => ({
      key: String(index),
      title: header || t("inspection.unnamed", { n: index + 1 }),
      dataIndex: String(index),
      ellipsis: true,
      width: 160,
    })),
  ];
  const rows = draft.sampleRows.map((row) => ({
    key: row.rowNo,
    rowNo: row.rowNo,
    ...Object.fromEntries(row.cells.map((cell, index) => [String(index), cell])),
  }));
  return (
    <Flex vertical gap={10} data-testid="campaign-inspection" data-draft={draft.id}>
      <Descriptions
        size="small"
        column={4}
        bordered
        items={[
          { key: "source", label: t("inspection.source"), children: <span className="pd-ellipsis">{source.name}</span>, span: 4 },
          { key: "format", label: t("inspection.format"), children: <span data-testid="campaign-inspection-format">{t(`format.${source.format}`)}</span> },
          {
            key: "encoding",
            label: t("inspection.encoding"),
            children: (
              <span data-testid="campaign-inspection-encoding" data-encoding={source.encoding ?? ""}>
                {source.encoding ? t(`encodingName.${source.encoding}`) : "—"}
              </span>
            ),
          },
          {
            key: "delimiter",
            label: t("inspection.delimiter"),
            children: (
              <span data-testid="campaign-inspection-delimiter">{source.delimiter === null ? "—" : delimiterName(source.delimiter)}</span>
            ),
          },
          {
            key: "rows",
            label: t("inspection.rows"),
            children: (
              <span data-testid="campaign-inspection-rows" data-value={draft.rowCount}>
                {t("inspection.rowsValue", { count: draft.rowCount, formatted: fmt.number(draft.rowCount) })}
              </span>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" className="pd-campaign-small">
        {t("inspection.sample", { count: draft.sampleRows.length })}
      </Typography.Text>
      <Table
        size="small"
        className="pd-campaign-sample"
        data-testid="campaign-inspection-sample"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: "max-content" }}
        bordered
      />
    </Flex>
  );
}
