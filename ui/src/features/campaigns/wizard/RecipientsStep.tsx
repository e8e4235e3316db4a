import { FolderOpenOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Segmented, Select, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { call, commands, reportError, toIpcError, type AudienceInspection, type SyncedTemplate } from "../../../ipc";
import type { SourceKind, WizardState } from "./wizardState";

type Props = {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  templates: readonly SyncedTemplate[];
  inspection: AudienceInspection | null;
  inspecting: boolean;
  inspectError: unknown;
  onInspect: () => void;
};

/** Step 1: name, template, and where the recipients come from (a file or pasted text), read once to show its shape. */
export function RecipientsStep({ state, update, templates, inspection, inspecting, inspectError, onInspect }: Props) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const error = inspectError ? toIpcError(inspectError) : null;
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
              maxLength={80}
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
                    onPressEnter={() => canInspect && onInspect()}
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
              type={inspection ? "default" : "primary"}
              icon={<ReloadOutlined />}
              onClick={onInspect}
              loading={inspecting}
              disabled={!canInspect}
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
          {inspection ? <InspectionView inspection={inspection} /> : null}
        </Flex>
      </Card>
    </Flex>
  );
}

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

function InspectionView({ inspection }: { inspection: AudienceInspection }) {
  const { t } = useTranslation("campaigns");
  const delimiterName = useDelimiterName();
  const columns = inspection.headers.map((header, index) => ({
    key: String(index),
    title: header || t("inspection.unnamed", { n: index + 1 }),
    dataIndex: String(index),
    ellipsis: true,
    width: 160,
  }));
  const rows = inspection.sampleRows.map((row, rowIndex) => ({
    key: rowIndex,
    ...Object.fromEntries(row.map((cell, index) => [String(index), cell])),
  }));
  return (
    <Flex vertical gap={10} data-testid="campaign-inspection">
      <Descriptions
        size="small"
        column={4}
        bordered
        items={[
          { key: "source", label: t("inspection.source"), children: <span className="pd-ellipsis">{inspection.source}</span>, span: 4 },
          { key: "format", label: t("inspection.format"), children: <span data-testid="campaign-inspection-format">{t(`format.${inspection.format}`)}</span> },
          {
            key: "encoding",
            label: t("inspection.encoding"),
            children: <span data-testid="campaign-inspection-encoding">{inspection.encoding ?? "—"}</span>,
          },
          {
            key: "delimiter",
            label: t("inspection.delimiter"),
            children: (
              <span data-testid="campaign-inspection-delimiter">
                {inspection.delimiter === null ? "—" : delimiterName(inspection.delimiter)}
              </span>
            ),
          },
          { key: "columns", label: t("inspection.columns"), children: inspection.headers.length },
        ]}
      />
      <Typography.Text type="secondary" className="pd-campaign-small">
        {t("inspection.sample", { count: inspection.sampleRows.length })}
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
