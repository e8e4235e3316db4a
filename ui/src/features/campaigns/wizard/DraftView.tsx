import { Descriptions, Flex, Table, Typography, type DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import type { Draft, FollowerSelection } from "../../../ipc";

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

/** 关注者：VIP、北京（任一标签）· 5,357 人, or 关注者：全部 · 12,500 人. */
function useFollowersText() {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  return (selection: FollowerSelection, count: number) => {
    const n = fmt.number(count);
    if (selection.tags.length === 0) return t("inspection.followersAll", { n });
    const tags = selection.tags.map((tag) => tag.name).join(t("inspection.tagSeparator"));
    // With one tag, "any" and "all" are the same followers: nothing to say.
    if (selection.tags.length === 1) return t("inspection.followersTag", { tags, n });
    const match = selection.matchAll ? t("inspection.matchAll") : t("inspection.matchAny");
    return t("inspection.followersTags", { tags, match, n });
  };
}

/**
 * What was read into the draft: how, how many rows, and the first rows as the file numbers them.
 * Followers say which ones and how many instead (no encoding or delimiter: WeChat listed them).
 */
export function DraftView({ draft }: { draft: Draft }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const delimiterName = useDelimiterName();
  const followersText = useFollowersText();
  const { source } = draft;
  const followers = source.followers ?? null;
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
  const format = { key: "format", label: t("inspection.format"), children: <span data-testid="campaign-inspection-format">{t(`format.${source.format}`)}</span> };
  const items: DescriptionsProps["items"] = followers
    ? [
        {
          key: "source",
          label: t("inspection.source"),
          children: (
            <span data-testid="campaign-inspection-followers" data-tags={followers.tags.map((tag) => tag.id).join(",")} data-match-all={followers.matchAll}>
              {followersText(followers, draft.rowCount)}
            </span>
          ),
          span: 4,
        },
        { ...format, span: 2 },
        {
          key: "rows",
          label: t("inspection.followers"),
          span: 2,
          children: (
            <span data-testid="campaign-inspection-rows" data-value={draft.rowCount}>
              {t("inspection.followersValue", { n: fmt.number(draft.rowCount) })}
            </span>
          ),
        },
      ]
    : [
        { key: "source", label: t("inspection.source"), children: <span className="pd-ellipsis">{source.name}</span>, span: 4 },
        format,
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
      ];
  return (
    <Flex vertical gap={10} data-testid="campaign-inspection" data-draft={draft.id}>
      <Descriptions size="small" column={4} bordered items={items} />
      <Typography.Text type="secondary" className="pd-campaign-small">
        {followers ? t("inspection.sampleFollowers", { count: draft.sampleRows.length }) : t("inspection.sample", { count: draft.sampleRows.length })}
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
