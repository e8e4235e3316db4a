import { FolderOpenOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Segmented, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import {
  call,
  commands,
  reportError,
  toIpcError,
  type AccountSummary,
  type Draft,
  type EncodingCandidate,
  type SyncedTemplate,
  type TextEncoding,
} from "../../../ipc";
import { CAMPAIGN_NAME_MAX } from "../model";
import { DraftView } from "./DraftView";
import { EncodingChoice } from "./EncodingChoice";
import { FollowersSource } from "./FollowersSource";
import { sourceOf, type SourceKind, type WizardState } from "./wizardState";

/** A refusal's message without the field the core puts first (`tags: `, `source: `). */
const withoutField = (message: string) => message.replace(/^(tags|source):\s*/, "");

/** The core could not tell a file's encoding: it asks, with each way of reading it. */
export type EncodingQuestion = { file: string; candidates: EncodingCandidate[] };

type Props = {
  /** The account it sends from: an Official Account may take its followers as the recipients. */
  account: AccountSummary;
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  templates: readonly SyncedTemplate[];
  /** The draft read from the source as typed now, if any. */
  draft: Draft | null;
  question: EncodingQuestion | null;
  reading: boolean;
  readError: unknown;
  onRead: () => void;
  onChooseEncoding: (encoding: TextEncoding) => void;
  onDismissQuestion: () => void;
};

/**
 * Step 1: name, template, and where the recipients come from (a file, pasted text, or an Official
 * Account's followers), read once into a draft — after the user chose the encoding when the core
 * could not tell it.
 */
export function RecipientsStep(props: Props) {
  const { account, state, update, templates, draft, question, reading, readError, onRead, onChooseEncoding, onDismissQuestion } = props;
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const error = readError ? toIpcError(readError) : null;
  // Only an Official Account has followers: a mini program is not offered them.
  const official = account.kind === "official_account";
  const followers = state.sourceKind === "followers";
  const canInspect = sourceOf(state) !== null;

  const browse = async () => {
    try {
      const path = await call(commands.pickAudienceFile());
      if (path !== null) update({ filePath: path });
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("wizard.section.campaign")} className="pd-campaign-card">
        <Form layout="vertical" className="pd-campaign-form-grid">
          <Form.Item label={t("wizard.name")} htmlFor="campaign-name-input" required extra={t("wizard.nameHint")}>
            <Input
              id="campaign-name-input"
              data-testid="campaign-name"
              value={state.name}
              maxLength={CAMPAIGN_NAME_MAX}
              onChange={(event) => update({ name: event.target.value })}
              autoComplete="off"
            />
          </Form.Item>
          <Form.Item label={official ? t("wizard.templateOfficial") : t("wizard.template")} htmlFor="campaign-template-select" required>
            <Select<string>
              id="campaign-template-select"
              data-testid="campaign-template"
              value={state.templateId ?? undefined}
              placeholder={t("wizard.templatePlaceholder")}
              onChange={(templateId) => update({ templateId })}
              showSearch={{ optionFilterProp: "title" }}
              options={templates.map((tpl) => ({
                value: tpl.templateId,
                title: tpl.title,
                label: <span data-testid={`campaign-template-option-${tpl.templateId}`}>{tpl.title}</span>,
              }))}
            />
          </Form.Item>
        </Form>
      </Card>

      <Card size="small" title={t("wizard.section.source")} className="pd-campaign-card">
        <Flex vertical gap={12}>
          <Segmented<SourceKind>
            value={state.sourceKind}
            onChange={(sourceKind) => update({ sourceKind })}
            options={[
              { value: "file", label: <span data-testid="campaign-source-file">{t("wizard.sourceFile")}</span> },
              { value: "paste", label: <span data-testid="campaign-source-paste">{t("wizard.sourcePaste")}</span> },
              ...(official
                ? [{ value: "followers" as const, label: <span data-testid="audience-followers">{t("wizard.sourceFollowers")}</span> }]
                : []),
            ]}
          />
          {followers ? (
            <FollowersSource
              accountId={account.id}
              choice={state.followers}
              onChange={(choice) => update({ followers: choice })}
              fetching={reading}
              canFetch={canInspect}
              fetched={draft !== null}
              onFetch={onRead}
            />
          ) : state.sourceKind === "file" ? (
            <Form layout="vertical">
              <Form.Item label={t("wizard.filePath")} htmlFor="campaign-file-input" extra={t("wizard.filePathHint")}>
                <Space.Compact className="pd-campaign-path">
                  <Input
                    id="campaign-file-input"
                    data-testid="campaign-file-path"
                    value={state.filePath}
                    placeholder={t("wizard.filePathPlaceholder")}
                    onChange={(event) => update({ filePath: event.target.value })}
                    onPressEnter={() => canInspect && onRead()}
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <Button icon={<FolderOpenOutlined />} onClick={() => void browse()} data-testid="campaign-file-browse">
                    {t("wizard.browse")}
                  </Button>
                </Space.Compact>
              </Form.Item>
            </Form>
          ) : (
            <Form layout="vertical">
              <Form.Item label={t("wizard.paste")} htmlFor="campaign-paste-input" extra={t("wizard.pasteHint")}>
                <Input.TextArea
                  id="campaign-paste-input"
                  data-testid="campaign-paste"
                  value={state.pasteText}
                  onChange={(event) => update({ pasteText: event.target.value })}
                  autoSize={{ minRows: 4, maxRows: 10 }}
                  placeholder={"openid,name\noPtYgjmUhBel31iEl2hpChYgCfrL,张三"}
                  spellCheck={false}
                  className="pd-campaign-mono"
                />
              </Form.Item>
            </Form>
          )}
          {followers ? null : (
            <Flex gap={12} align="center" wrap>
              <Button
                type={draft ? "default" : "primary"}
                icon={<ReloadOutlined />}
                onClick={onRead}
                loading={reading && question === null}
                disabled={!canInspect || reading}
                data-testid="campaign-inspect"
              >
                {t("wizard.inspect")}
              </Button>
              <Typography.Text type="secondary" className="pd-campaign-small">
                {t("wizard.inspectHint")}
              </Typography.Text>
            </Flex>
          )}
          {error ? (
            <Alert
              type="error"
              showIcon
              data-testid="campaign-inspect-error"
              title={`${followers ? t("followers.failed") : t("wizard.inspectFailed")} · ${tc(`error.${error.code}`)}`}
              // The core names the field first ("tags: …"): a key for forms, not words for people.
              description={followers ? withoutField(error.message) : error.message}
            />
          ) : null}
          {question ? (
            <EncodingChoice
              key={question.file}
              file={question.file}
              candidates={question.candidates}
              reading={reading}
              onChoose={onChooseEncoding}
              onCancel={onDismissQuestion}
            />
          ) : null}
          {draft ? <DraftView draft={draft} /> : null}
        </Flex>
      </Card>
    </Flex>
  );
}
