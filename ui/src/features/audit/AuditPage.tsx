import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError } from "../../ipc";
import type { CustomDays } from "../sendlog/LogFilters";
import { AuditExportResult } from "./AuditExportResult";
import { AuditFilters } from "./AuditFilters";
import { AuditEmpty, AuditTable } from "./AuditTable";
import { EMPTY_AUDIT_FILTER, isNarrowed, toAuditFilter, type AuditFilterState } from "./model";
import "./audit.css";
import { useAuditPages } from "./useAudit";
import { useAuditExport } from "./useAuditExport";

/** /audit: who did what, when, from which computer; filtered and exported. */
export function AuditPage() {
  const { t } = useTranslation("audit");
  const { t: tc } = useTranslation();
  const [state, setState] = useState<AuditFilterState>(EMPTY_AUDIT_FILTER);
  const [customDays, setCustomDays] = useState<CustomDays>(null);
  const filter = useMemo(() => toAuditFilter(state), [state]);
  const pages = useAuditPages(filter);
  const exporter = useAuditExport();

  const entries = useMemo(() => pages.data?.pages.flatMap((page) => page.entries) ?? [], [pages.data]);
  const narrowed = isNarrowed(state);
  // Nothing to export yet; a filter that matches nothing still may be exported (an empty file says so).
  const nothingYet = !narrowed && pages.isSuccess && entries.length === 0;
  const reset = () => {
    setState(EMPTY_AUDIT_FILTER);
    setCustomDays(null);
  };
  const refresh = () => void pages.refetch();

  let content;
  if (pages.isError) {
    const error = toIpcError(pages.error);
    content = (
      <Alert
        type="error"
        showIcon
        data-testid="audit-error"
        data-code={error.code}
        title={`${t("table.loadFailed")} · ${tc(`error.${error.code}`)}`}
        description={error.message}
        action={
          <Button size="small" onClick={refresh} loading={pages.isFetching} data-testid="audit-retry">
            {t("table.retry")}
          </Button>
        }
      />
    );
  } else {
    content = (
      <AuditTable
        entries={entries}
        loading={pages.isPending || (pages.isFetching && !pages.isFetchingNextPage && entries.length === 0)}
        hasMore={pages.hasNextPage}
        loadingMore={pages.isFetchingNextPage}
        onMore={() => void pages.fetchNextPage()}
        empty={
          narrowed ? (
            <AuditEmpty
              testId="audit-no-match"
              title={t("empty.noMatchTitle")}
              description={t("empty.noMatchDescription")}
              action={
                <Button onClick={reset} data-testid="audit-empty-reset">
                  {t("empty.reset")}
                </Button>
              }
            />
          ) : (
            <AuditEmpty testId="audit-empty" title={t("empty.title")} description={t("empty.description")} />
          )
        }
      />
    );
  }

  return (
    <PageContainer
      testId="page-audit"
      title={t("title")}
      subtitle={t("subtitle")}
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exporter.start(filter)}
          loading={exporter.busy}
          disabled={nothingYet}
          data-testid="audit-export"
        >
          {exporter.busy ? t("export.running") : t("export.button")}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <AuditFilters
          state={state}
          onChange={setState}
          customDays={customDays}
          onCustomDays={setCustomDays}
          onReset={reset}
          onRefresh={refresh}
          refreshing={pages.isRefetching && !pages.isFetchingNextPage}
        />
        <AuditExportResult state={exporter.state} onReplace={exporter.replace} onDismiss={exporter.dismiss} />
        {content}
      </Flex>
    </PageContainer>
  );
}
