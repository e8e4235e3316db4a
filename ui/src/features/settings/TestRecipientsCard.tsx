import { DeleteOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Empty, Flex, Form, Input, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useUnsavedWork } from "../../app/unsavedWork/unsavedWork";
import { CodeText } from "../../components/CodeText";
import { toIpcError, type AccountSummary, type TestRecipient } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import "../compose/compose.css";
import { isOpenidShape } from "../compose/text";
import { useSetTestRecipients, useTestRecipients } from "../compose/useCompose";

/**
 * Settings card: the selected account's test openids (colleagues' phones) for "send to test list".
 * Edits are saved together with 保存名单; leaving Settings before that asks first.
 */
export function TestRecipientsCard() {
  const { t } = useTranslation("compose");
  const { selectedAccount } = useSelectedAccount();
  return (
    <Card title={t("testList.title")} data-testid="test-recipients">
      {selectedAccount ? (
        <AccountTestList key={selectedAccount.id} account={selectedAccount} />
      ) : (
        <Typography.Text type="secondary">{t("testList.noAccount")}</Typography.Text>
      )}
    </Card>
  );
}

function AccountTestList({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("compose");
  const { t: tc } = useTranslation();
  const query = useTestRecipients(account.id);
  const save = useSetTestRecipients(account.id);
  // Unsaved edits; null = showing what is saved.
  const [edited, setEdited] = useState<TestRecipient[] | null>(null);
  const [openid, setOpenid] = useState("");
  const [note, setNote] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  // Added or removed entries live only here until 保存名单: leaving would drop them.
  useUnsavedWork(
    edited === null
      ? null
      : {
          title: tc("settings.testListUnsaved.title"),
          description: tc("settings.testListUnsaved.description", { name: account.name }),
          save: () => save.mutateAsync(edited).then(() => setEdited(null)),
        },
  );

  if (query.isPending) return <Skeleton active title={false} paragraph={{ rows: 2 }} />;
  if (query.isError) {
    const error = toIpcError(query.error);
    return <Alert type="error" showIcon title={tc(`error.${error.code}`)} description={error.message} />;
  }

  const list = edited ?? query.data;
  const dirty = edited !== null;

  const add = () => {
    const id = openid.trim();
    if (!isOpenidShape(id)) {
      setAddError(t("testList.badOpenid"));
      return;
    }
    if (list.some((recipient) => recipient.openid === id)) {
      setAddError(t("testList.duplicate"));
      return;
    }
    setEdited([...list, { openid: id, note: note.trim() }]);
    setOpenid("");
    setNote("");
    setAddError(null);
    save.reset();
  };
  const remove = (id: string) => {
    setEdited(list.filter((recipient) => recipient.openid !== id));
    save.reset();
  };
  const submit = () => save.mutate(list, { onSuccess: () => setEdited(null) });

  const saveError = save.isError ? toIpcError(save.error) : null;

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t("testList.help", { name: account.name })}</Typography.Text>
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("testList.empty")} className="pd-test-list-empty" />
      ) : (
        <ul className="pd-test-list" data-testid="test-recipients-list">
          {list.map((recipient) => (
            <li key={recipient.openid} className="pd-test-list-item" data-testid={`test-recipient-${recipient.openid}`}>
              <Flex align="center" gap={12} justify="space-between">
                <Flex vertical gap={0} className="pd-test-list-text">
                  <Typography.Text strong>{recipient.note || t("testList.noNote")}</Typography.Text>
                  <CodeText type="secondary">{recipient.openid}</CodeText>
                </Flex>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("testList.remove", { name: recipient.note || recipient.openid })}
                  onClick={() => remove(recipient.openid)}
                  data-testid={`test-recipients-remove-${recipient.openid}`}
                />
              </Flex>
            </li>
          ))}
        </ul>
      )}

      <Form layout="vertical" className="pd-test-list-form" component="div">
        <Flex gap={8} align="flex-start" wrap>
          <Form.Item
            label={t("testList.openid")}
            htmlFor="test-recipients-openid-input"
            validateStatus={addError ? "error" : ""}
            help={addError ?? undefined}
            className="pd-test-list-openid"
          >
            <Input
              id="test-recipients-openid-input"
              data-testid="test-recipients-openid"
              value={openid}
              placeholder="oPtYgjmUhBel31iEl2hpChYgCfrL"
              onChange={(event) => setOpenid(event.target.value)}
              onPressEnter={add}
              autoComplete="off"
              spellCheck={false}
            />
          </Form.Item>
          <Form.Item label={t("testList.note")} htmlFor="test-recipients-note-input" className="pd-test-list-note">
            <Input
              id="test-recipients-note-input"
              data-testid="test-recipients-note"
              value={note}
              maxLength={40}
              placeholder={t("testList.notePlaceholder")}
              onChange={(event) => setNote(event.target.value)}
              onPressEnter={add}
            />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button icon={<PlusOutlined />} onClick={add} data-testid="test-recipients-add">
              {t("testList.add")}
            </Button>
          </Form.Item>
        </Flex>
      </Form>

      {saveError ? (
        <Alert
          type="error"
          showIcon
          data-testid="test-recipients-error"
          title={`${t("testList.saveFailed")} · ${tc(`error.${saveError.code}`)}`}
          description={saveError.message}
        />
      ) : null}

      <Flex align="center" gap={12}>
        <Button
          type={dirty ? "primary" : "default"}
          icon={<SaveOutlined />}
          disabled={!dirty}
          loading={save.isPending}
          onClick={submit}
          data-testid="test-recipients-save"
        >
          {t("testList.save")}
        </Button>
        {dirty ? (
          <Typography.Text type="warning" data-testid="test-recipients-unsaved">
            {t("testList.unsaved")}
          </Typography.Text>
        ) : save.isSuccess ? (
          <Typography.Text type="success" data-testid="test-recipients-saved">
            {t("testList.saved")}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );
}
