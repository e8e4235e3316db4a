import { CloudDownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Progress, Radio, Select, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import { toIpcError, type FollowerProgress } from "../../../ipc";
import type { FollowersChoice } from "./followersChoice";
import { useFollowerTags, useFollowersProgress } from "./useFollowers";

type Props = {
  accountId: number;
  choice: FollowersChoice;
  onChange: (choice: FollowersChoice) => void;
  /** Followers are being fetched now (the button waits, and the progress shows). */
  fetching: boolean;
  /** Whether the choice can be fetched (a tag is chosen, when by tags). */
  canFetch: boolean;
  /** The last fetch gave a draft: fetching again is the second choice. */
  fetched: boolean;
  onFetch: () => void;
};

/** A tag as the select offers it: its name, and its count shown beside it in the list. */
type TagOption = { value: string; label: string; count: number };

/**
 * An Official Account's followers as the recipients: all of them, or those with the chosen tags
 * (any of them, or every one), fetched from WeChat page by page when the user asks, with the
 * progress of the pages. The tags are always in view: choosing one is choosing "by tag".
 */
export function FollowersSource({ accountId, choice, onChange, fetching, canFetch, fetched, onFetch }: Props) {
  const { t } = useTranslation("campaigns");
  const set = (patch: Partial<FollowersChoice>) => onChange({ ...choice, ...patch });
  const { progress, restart } = useFollowersProgress();
  const fetch = () => {
    restart();
    onFetch();
  };

  return (
    <Flex vertical gap={12} data-testid="followers-source">
      <Form layout="vertical" className="pd-followers-form">
        <Form.Item label={t("followers.which")} htmlFor="followers-by">
          <Radio.Group
            id="followers-by"
            // Named apart: two radio groups of one form must not share a name.
            name="followers-by"
            aria-label={t("followers.which")}
            value={choice.by}
            onChange={(event) => set({ by: event.target.value as FollowersChoice["by"] })}
            disabled={fetching}
          >
            <Radio value="all" data-testid="followers-all">
              {t("followers.all")}
            </Radio>
            <Radio value="tags" data-testid="followers-by-tags">
              {t("followers.byTags")}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t("followers.tags")} htmlFor="followers-tags-select" extra={t("followers.tagsHint")}>
          <TagSelect
            accountId={accountId}
            value={choice.tagIds}
            // A tag chosen means "by tag"; emptied, the choice stays (and waits for a tag).
            onChange={(tagIds) => set(tagIds.length > 0 ? { tagIds, by: "tags" } : { tagIds })}
            disabled={fetching}
          />
        </Form.Item>
        <Form.Item label={t("followers.match")} htmlFor="followers-match">
          <Radio.Group
            id="followers-match"
            name="followers-match"
            aria-label={t("followers.match")}
            value={choice.matchAll}
            onChange={(event) => set({ matchAll: event.target.value as boolean })}
            // All followers have no tags to match.
            disabled={fetching || choice.by === "all"}
          >
            <Radio value={false} data-testid="followers-match-any">
              {t("followers.matchAny")}
            </Radio>
            <Radio value={true} data-testid="followers-match-all">
              {t("followers.matchAll")}
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
      <Flex gap={12} align="center" wrap>
        <Button
          type={fetched ? "default" : "primary"}
          icon={<CloudDownloadOutlined />}
          onClick={fetch}
          loading={fetching}
          // One fetch at a time: a big account's followers take a while, and a second click must not start it again.
          disabled={!canFetch || fetching}
          data-testid="followers-fetch"
        >
          {fetched ? t("followers.fetchAgain") : t("followers.fetch")}
        </Button>
        <Typography.Text type="secondary" className="pd-campaign-small">
          {choice.by === "tags" && choice.tagIds.length === 0 ? t("followers.chooseTag") : t("followers.fetchHint")}
        </Typography.Text>
      </Flex>
      {fetching ? <FetchProgress progress={progress} /> : null}
    </Flex>
  );
}

/** The account's tags, each with its number of followers, or why they could not be listed. */
function TagSelect({
  accountId,
  value,
  onChange,
  disabled,
}: {
  accountId: number;
  value: string[];
  onChange: (tagIds: string[]) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const tags = useFollowerTags(accountId);
  const options: TagOption[] = (tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name, count: tag.count ?? 0 }));
  return (
    <Flex vertical gap={8}>
      <Select<string[], TagOption>
        id="followers-tags-select"
        data-testid="followers-tags"
        mode="multiple"
        className="pd-followers-tags"
        aria-label={t("followers.tags")}
        placeholder={tags.isPending ? t("followers.tagsLoading") : t("followers.tagsPlaceholder")}
        loading={tags.isPending}
        disabled={disabled}
        value={value}
        onChange={onChange}
        showSearch={{ optionFilterProp: "label" }}
        options={options}
        optionRender={(option) => (
          <Flex justify="space-between" gap={12} data-testid={`followers-tag-option-${option.data.value}`}>
            <span>{option.data.label}</span>
            <Typography.Text type="secondary" className="pd-num">
              {t("followers.tagCount", { n: fmt.number(option.data.count) })}
            </Typography.Text>
          </Flex>
        )}
        notFoundContent={tags.isSuccess ? t("followers.noTags") : undefined}
      />
      {tags.isError ? (
        <Alert
          type="error"
          showIcon
          data-testid="followers-tags-error"
          title={`${t("followers.tagsFailed")} · ${tc(`error.${toIpcError(tags.error).code}`)}`}
          description={toIpcError(tags.error).message}
          action={
            <Button size="small" onClick={() => void tags.refetch()} data-testid="followers-tags-retry">
              {t("followers.retry")}
            </Button>
          }
        />
      ) : null}
    </Flex>
  );
}

/** 已获取 N / M: the pages fetched so far, as the core reports them after each page. */
function FetchProgress({ progress }: { progress: FollowerProgress | null }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const fetched = progress?.fetched ?? 0;
  const total = progress?.total ?? null;
  const text =
    progress === null
      ? t("followers.progressStarting")
      : total !== null
        ? t("followers.progressOf", { fetched: fmt.number(fetched), total: fmt.number(total) })
        : t("followers.progress", { fetched: fmt.number(fetched) });
  return (
    <Flex vertical gap={4} className="pd-followers-progress" data-testid="followers-progress" data-fetched={fetched} data-total={total ?? ""} role="status" aria-live="polite">
      {total !== null && total > 0 ? (
        <Progress percent={Math.min(100, Math.floor((fetched / total) * 100))} status="active" showInfo={false} size="small" />
      ) : null}
      <Flex gap={8} align="center">
        {total === null ? <Spin size="small" /> : null}
        <Typography.Text type="secondary" className="pd-campaign-small pd-num">
          {text}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
