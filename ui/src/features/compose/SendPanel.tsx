import { SendOutlined, SettingOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Radio, Spin, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toIpcError, type AccountSummary, type MessageCheck, type MessageSpec, type SyncedTemplate } from "../../ipc";
import { useIsSuppressed } from "../suppression/useSuppression";
import { jumpFieldError } from "./jump";
import { SendResults } from "./SendResults";
import { isOpenidShape } from "./text";
import { useSendNow, useTestRecipients } from "./useCompose";

export type TargetKind = "single" | "test";

type SenderInput = {
  account: AccountSummary;
  template: SyncedTemplate | undefined;
  message: MessageSpec;
  placeholders: Record<string, string>;
  /** The live check: its data may be for a slightly older input; `fresh` says it is current. */
  check: { data: MessageCheck | undefined; fresh: boolean; isError: boolean; error: unknown };
  openid: string;
  target: TargetKind;
  /** What is wrong with where the card leads (an Official Account's jump), in the UI language. */
  jumpBlockers: readonly string[];
};

/**
 * Whether the message can be sent now and, if not, why (in the UI language); and the send
 * itself. Lives in the editor so Ctrl+Enter anywhere on the form can send.
 */
export function useSender({ account, template, message, placeholders, check, openid, target, jumpBlockers }: SenderInput) {
  const { t, i18n } = useTranslation("compose");
  const english = i18n.language === "en";
  const send = useSendNow();
  const testList = useTestRecipients(account.id);
  const list = testList.data ?? [];
  const joiner = english ? ", " : "、";

  const blockers: string[] = [];
  if (!template) {
    blockers.push(t("send.blocked.noTemplate"));
  } else if (check.isError) {
    blockers.push(t("send.blocked.checkFailed", { message: toIpcError(check.error).message }));
  } else if (check.data) {
    const empty = check.data.fields.filter((field) => field.problem?.kind === "empty").map((field) => field.label);
    if (empty.length > 0) blockers.push(t("send.blocked.empty", { count: empty.length, labels: empty.join(joiner) }));
    for (const field of check.data.fields) {
      if (field.problem && field.problem.kind !== "empty") {
        blockers.push(english ? field.problem.messageEn : field.problem.messageZh);
      }
    }
    const missing = [...new Set(check.data.fields.flatMap((field) => field.missing))];
    if (missing.length > 0) {
      blockers.push(t("send.blocked.placeholders", { names: missing.map((name) => `{{${name}}}`).join(joiner) }));
    }
  }
  blockers.push(...jumpBlockers);
  if (target === "single") {
    if (openid.trim() === "") blockers.push(t("send.blocked.noOpenid"));
    else if (!isOpenidShape(openid)) blockers.push(t("send.blocked.badOpenid"));
  } else if (testList.isSuccess && list.length === 0) {
    blockers.push(t("send.blocked.emptyTestList"));
  }

  const targetReady = target === "single" || (testList.isSuccess && list.length > 0);
  const canSend =
    template !== undefined && check.fresh && check.data?.ok === true && blockers.length === 0 && targetReady && !send.isPending;

  const trigger = () => {
    if (!canSend || !template) return;
    send.mutate({
      accountId: account.id,
      templateId: template.templateId,
      message,
      target: target === "single" ? { kind: "single", openid: openid.trim() } : { kind: "test" },
      placeholders,
    });
  };

  return { canSend, blockers, trigger, send, testList };
}

export type Sender = ReturnType<typeof useSender>;

type Props = {
  account: AccountSummary;
  sender: Sender;
  openid: string;
  onOpenidChange: (openid: string) => void;
  target: TargetKind;
  onTargetChange: (target: TargetKind) => void;
  /** Only the test list (an author on a team's store: a real send is a sender's). */
  testOnly?: boolean;
};

/** Who receives it (one openid or the test list), the send button with why it is disabled, the results. */
export function SendPanel({ account, sender, openid, onOpenidChange, target, onTargetChange, testOnly = false }: Props) {
  const { t } = useTranslation("compose");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const [openidBlurred, setOpenidBlurred] = useState(false);
  const { send, testList, blockers, canSend } = sender;
  const list = testList.data ?? [];

  const error = send.isError ? toIpcError(send.error) : null;
  // The core names a refused openid with its own code: shown under the field, not as a send error.
  const openidError = target === "single" && error?.code === "invalid_openid" ? error.message : null;
  // A refused page, web address or mini program is shown under its field (see `MessageOptions`).
  const onOptionField = jumpFieldError(error) !== null;
  const badShape = openid.trim() !== "" && !isOpenidShape(openid) && openidBlurred;
  // A refused single send: when the person is on the do-not-contact list (the core's message
  // says so), the way to the list, where they can be taken off if they asked to be contacted.
  const onList = useIsSuppressed(account.id, openid, target === "single" && error?.code === "invalid_input");

  return (
    <Flex vertical gap={12}>
      <Form layout="vertical" className="pd-compose-send-form">
        <Form.Item
          label={t("send.to")}
          className="pd-compose-target"
          extra={testOnly ? <span data-testid="compose-test-only">{tc("team.composeTestOnly")}</span> : undefined}
        >
          <Radio.Group value={target} onChange={(event) => onTargetChange(event.target.value as TargetKind)}>
            {testOnly ? null : (
              <Radio value="single">
                <span data-testid="compose-target-single">{t("send.single")}</span>
              </Radio>
            )}
            <Radio value="test">
              <span data-testid="compose-target-test">
                {testList.isSuccess ? t("send.testWithCount", { count: list.length }) : t("send.test")}
              </span>
            </Radio>
          </Radio.Group>
        </Form.Item>

        {target === "single" ? (
          <Form.Item
            label={t("send.openid")}
            htmlFor="compose-openid-input"
            validateStatus={badShape || openidError ? "error" : ""}
            help={openidError ?? (badShape ? t("send.openidShape") : undefined)}
            extra={account.kind === "official_account" ? t("send.openidHintOfficial") : t("send.openidHint")}
          >
            <Input
              id="compose-openid-input"
              data-testid="compose-openid"
              value={openid}
              onChange={(event) => onOpenidChange(event.target.value)}
              onBlur={() => setOpenidBlurred(true)}
              placeholder="oPtYgjmUhBel31iEl2hpChYgCfrL"
              autoComplete="off"
              spellCheck={false}
              className="pd-compose-openid"
            />
          </Form.Item>
        ) : (
          <div className="pd-compose-test-list" data-testid="compose-test-list">
            {testList.isPending ? (
              <Spin size="small" />
            ) : list.length === 0 ? (
              <Alert
                type="warning"
                showIcon
                data-testid="compose-test-empty"
                title={t("send.testEmpty")}
                action={
                  <Button size="small" icon={<SettingOutlined />} onClick={() => void navigate("/settings")} data-testid="compose-test-settings">
                    {t("send.goToSettings")}
                  </Button>
                }
              />
            ) : (
              <Flex vertical gap={6}>
                <Typography.Text type="secondary">{t("send.testWillSend", { count: list.length })}</Typography.Text>
                <Flex gap={4} wrap>
                  {list.map((recipient) => (
                    <Tooltip key={recipient.openid} title={recipient.openid}>
                      <Tag className="pd-kind-tag">{recipient.note || recipient.openid}</Tag>
                    </Tooltip>
                  ))}
                </Flex>
                <Typography.Link onClick={() => void navigate("/settings")} data-testid="compose-test-settings">
                  <SettingOutlined /> {t("send.manageTestList")}
                </Typography.Link>
              </Flex>
            )}
          </div>
        )}
      </Form>

      <Flex align="center" gap={12} wrap>
        <Tooltip title={!canSend && blockers.length > 0 ? <BlockerList blockers={blockers} /> : undefined}>
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            loading={send.isPending}
            disabled={!canSend}
            onClick={sender.trigger}
            data-testid="compose-send"
          >
            {send.isPending ? t("send.sending") : target === "test" ? t("send.buttonTest") : t("send.button")}
          </Button>
        </Tooltip>
        <Typography.Text type="secondary" className="pd-compose-small">
          {t("send.shortcut")}
        </Typography.Text>
        {account.isSandbox ? (
          <Tag color="gold" variant="filled" className="pd-kind-tag">
            {t("send.sandbox")}
          </Tag>
        ) : null}
      </Flex>

      {blockers.length > 0 && !send.isPending ? (
        <div className="pd-compose-blockers" data-testid="compose-send-blocked">
          <BlockerList blockers={blockers} />
        </div>
      ) : null}

      {error && !openidError && !onOptionField ? (
        <Alert
          type="error"
          showIcon
          data-testid="compose-send-error"
          title={`${t("send.failed")} · ${tc(`error.${error.code}`)}`}
          description={error.message}
          action={
            onList.data === true ? (
              <Button
                size="small"
                icon={<StopOutlined />}
                onClick={() => void navigate(`/suppression?search=${encodeURIComponent(openid.trim())}`)}
                data-testid="compose-open-suppression"
              >
                {t("send.openSuppression")}
              </Button>
            ) : undefined
          }
        />
      ) : null}

      {send.data ? <SendResults result={send.data} notes={list} /> : null}
    </Flex>
  );
}

function BlockerList({ blockers }: { blockers: string[] }) {
  return (
    <ul className="pd-compose-blocker-list">
      {blockers.map((blocker) => (
        <li key={blocker}>{blocker}</li>
      ))}
    </ul>
  );
}
