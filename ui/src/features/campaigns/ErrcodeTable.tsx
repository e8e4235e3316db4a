import { Card, Flex, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import type { CatalogueEntry, ErrcodeCount } from "../../ipc";
import { catalogueForErrcode, INTERRUPTED_ERRCODE, TRANSPORT_ERRCODE } from "./model";

type ErrcodeRow = ErrcodeCount & { entry: CatalogueEntry | undefined };

type Props = { errcodes: ErrcodeCount[]; catalogue: CatalogueEntry[] | undefined; hasFailures: boolean };

/** Refused attempts by errcode, each with what it means and what to do (from the catalogue). */
export function ErrcodeTable({ errcodes, catalogue, hasFailures }: Props) {
  const { t, i18n } = useTranslation("campaigns");
  const english = i18n.language === "en";
  if (errcodes.length === 0 && !hasFailures) return null;
  const rows: ErrcodeRow[] = errcodes.map((row) => ({ ...row, entry: catalogueForErrcode(catalogue, row.errcode) }));
  const columns: TableColumnsType<ErrcodeRow> = [
    { key: "code", title: t("errcodes.code"), dataIndex: "errcode", width: 90, className: "pd-num", render: (code: number) => (code === TRANSPORT_ERRCODE ? t("errcodes.transport") : code === INTERRUPTED_ERRCODE ? t("errcodes.interrupted") : code) },
    { key: "count", title: t("errcodes.count"), dataIndex: "count", width: 80, className: "pd-num" },
    {
      key: "meaning",
      title: t("errcodes.meaning"),
      render: (_, row) =>
        row.entry ? (
          <Flex vertical gap={2}>
            <Typography.Text strong>{english ? row.entry.explanation.title_en : row.entry.explanation.title_zh}</Typography.Text>
            <Typography.Text type="secondary" className="pd-campaign-small">
              {english ? row.entry.explanation.action_en : row.entry.explanation.action_zh}
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{row.errcode === TRANSPORT_ERRCODE ? t("errcodes.transportHint") : t("errcodes.unknownCode")}</Typography.Text>
        ),
    },
  ];
  return (
    <Card size="small" className="pd-campaign-card" title={t("errcodes.title")}>
      <Table<ErrcodeRow>
        size="small"
        data-testid="campaign-errcodes"
        rowKey="errcode"
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(row) => ({ "data-testid": `campaign-errcode-${row.errcode}` }) as object}
        locale={{ emptyText: t("errcodes.none") }}
      />
    </Card>
  );
}
