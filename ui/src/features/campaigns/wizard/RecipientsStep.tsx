import { FolderOpenOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Segmented, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { call, commands, reportError, toIpcError, type Draft, type EncodingCandidate, type SyncedTemplate, type TextEncoding } from "../../../ipc";
import { CAMPAIGN_NAME_MAX } from "../model";
import { DraftView } from "./DraftView";
import { EncodingChoice } from "./EncodingChoice";
import type { SourceKind, WizardState } from "./wizardState";

/** The core could not tell a file's encoding: it asks, with each way of reading it. */
export type EncodingQuestion = { file: string; candidates: EncodingCandidate[] };

type Props = {
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
 * Step 1: name, template, and where the recipients come from (a file or pasted text), read
 * once into a draft — after the user chose the encoding when the core could not tell it.
 */
export function RecipientsStep(props: Props) {
  const { state, update, templates, draft, question, reading, readError, onRead, onChooseEncoding, onDismissQuestion } = props;
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const error = readError ? toIpcError(readError) : null;
  const canInspect = state.sourceKind === "file" ? state.filePath.trim() !== "" : state.pasteText.trim() !== "";

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
          <Form.Item label={t("wizard.template")} htmlFor="campaign-template-select" required>
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
            ]}
          />
          {state.sourceKind === "file" ? (
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
          {error ? (
            <Alert
              type="error"
              showIcon
              data-testid="campaign-inspect-error"
              title={`${t("wizard.inspectFailed")} · ${tc(`error.${error.code}`)}`}
              description={error.message}
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
