import { SearchOutlined } from "@ant-design/icons";
import { Alert, Flex, Input, Table, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type LedgerEntry } from "../../ipc";
import { useDebouncedValue } from "../compose/useCompose";
import { GrantStateTag } from "./GrantStateTag";
import { isWholeOpenid } from "./model";
import { LEDGER_USERS_LIMIT, useLedgerEntries } from "./useLedger";

const SEARCH_DEBOUNCE_MS = 250;

/**
 * The ledger's people of one template (the first 500), with what is left for each. A search
 * narrows the rows shown; a whole openid is asked of the core, so someone past the first 500
 * is found too.
 */
export function LedgerUsers({ accountId, templateId }: { accountId: number; templateId: string }) {
  const { t } = useTranslation("ledger");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search, SEARCH_DEBOUNCE_MS).trim();
  const query = useLedgerEntries(accountId, templateId, isWholeOpenid(debounced) ? debounced : "");
  const all = query.data ?? [];
  const entries = debounced === "" ? all : all.filter((entry) => entry.openid.includes(debounced));

  const columns: TableColumnsType<LedgerEntry> = [
    { key: "openid", title: t("users.col.openid"), width: 260, render: (_, e) => <CodeText copyable className="pd-ledger-small">{e.openid}</CodeText> },
    { key: "state", title: t("users.col.state"), width: 110, render: (_, e) => <GrantStateTag state={e.state} /> },
    { key: "grants", title: t("users.col.grants"), width: 96, align: "right", render: (_, e) => <span className="pd-num">{fmt.number(e.grants)}</span> },
    { key: "accepted", title: t("users.col.accepted"), width: 96, align: "right", render: (_, e) => <span className="pd-num">{fmt.number(e.accepted)}</span> },
    { key: "consumed", title: t("users.col.consumed"), width: 96, align: "right", render: (_, e) => <span className="pd-num">{fmt.number(e.consumed)}</span> },
    {
      key: "updatedAt",
      title: t("users.col.updatedAt"),
      width: 160,
      render: (_, e) => (e.updatedAt !== null ? <DateTime value={e.updatedAt} className="pd-num" /> : "—"),
    },
  ];

  return (
    <Flex vertical gap={8} data-testid="ledger-users">
      <Flex gap={12} align="center" wrap>
        <Typography.Text strong>{t("users.title")}</Typography.Text>
        <Input
          allowClear
          size="small"
          className="pd-ledger-search"
          prefix={<SearchOutlined aria-hidden />}
          placeholder={t("users.search")}
          aria-label={t("users.search")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="ledger-users-search"
        />
      </Flex>
      {debounced === "" && all.length >= LEDGER_USERS_LIMIT ? (
        <Typography.Text type="secondary" className="pd-ledger-small" data-testid="ledger-users-truncated">
          {t("users.truncated", { shown: fmt.number(all.length) })}
        </Typography.Text>
      ) : null}
      {query.isError ? (
        <Alert
          type="error"
          showIcon
          title={`${t("users.loadFailed")} · ${tc(`error.${toIpcError(query.error).code}`)}`}
          description={toIpcError(query.error).message}
        />
      ) : (
        <Table<LedgerEntry>
          size="small"
          data-testid="ledger-users-table"
          columns={columns}
          dataSource={entries}
          loading={query.isPending}
          rowKey="openid"
          tableLayout="fixed"
          scroll={{ x: 820 }}
          pagination={entries.length > 20 ? { pageSize: 20, size: "small", showSizeChanger: false } : false}
          onRow={(entry) => ({ "data-testid": "ledger-user", "data-openid": entry.openid }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: debounced === "" ? t("users.empty") : t("users.noMatch") }}
        />
      )}
    </Flex>
  );
}
