import { Alert, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, type AccountSummary, type SuppressionAdded } from "../../ipc";
import { isOpenidShape } from "../compose/text";
import { useSuppress } from "./useSuppression";

type Props = {
  account: AccountSummary;
  open: boolean;
  onClose: () => void;
  /** The core added what it found; the page shows the result. */
  onAdded: (result: SuppressionAdded) => void;
};

/** How many different openids a paste holds, as the core splits it (a hint only: the core decides). */
function countOpenids(text: string): number {
  const pieces = text.split(/[\s,;，；、]/u).map((piece) => piece.replace(/^["']+|["']+$/g, ""));
  return new Set(pieces.filter((piece) => piece !== "" && isOpenidShape(piece))).size;
}

/** "Add": a paste of openids (a column from a spreadsheet works) and a note saying why. */
export function AddSuppressionModal({ account, open, onClose, onAdded }: Props) {
  const { t } = useTranslation("suppression");
  const { t: tc } = useTranslation();
  const suppress = useSuppress(account.id);
  const [text, setText] = useState("");
  const [note, setNote] = useState("");
  const error = suppress.isError ? toIpcError(suppress.error) : null;
  const found = countOpenids(text);

  const close = () => {
    suppress.reset();
    onClose();
  };
  const submit = () =>
    suppress.mutate(
      { text, note },
      {
        onSuccess: (result) => {
          setText("");
          setNote("");
          suppress.reset();
          onAdded(result);
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t("addTitle")}
      okText={t("submit")}
      cancelText={t("cancel")}
      onOk={submit}
      onCancel={close}
      confirmLoading={suppress.isPending}
      okButtonProps={{ disabled: text.trim() === "", "data-testid": "suppression-submit" }}
      cancelButtonProps={{ "data-testid": "suppression-cancel" }}
      width={560}
      modalRender={(node) => <div data-testid="suppression-add-modal">{node}</div>}
    >
      <Form layout="vertical" component="div" className="pd-suppression-form">
        <Form.Item
          label={t("text")}
          htmlFor="suppression-text-input"
          extra={
            <>
              {t("textHint")}
              {text.trim() !== "" ? (
                <Typography.Text strong className="pd-suppression-count" data-testid="suppression-text-count" data-value={found}>
                  {" "}
                  {t("textCount", { count: found })}
                </Typography.Text>
              ) : null}
            </>
          }
        >
          <Input.TextArea
            id="suppression-text-input"
            data-testid="suppression-text"
            className="pd-suppression-text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoSize={{ minRows: 6, maxRows: 12 }}
            placeholder={"oPtYgjmUhBel31iEl2hpChYgCfrL\noPtYgjmUhBel31iEl2hpChYgXyZ9"}
            spellCheck={false}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item label={t("note")} htmlFor="suppression-note-input" extra={t("noteHint")}>
          <Input
            id="suppression-note-input"
            data-testid="suppression-note"
            value={note}
            maxLength={200}
            placeholder={t("notePlaceholder")}
            onChange={(event) => setNote(event.target.value)}
          />
        </Form.Item>
      </Form>
      {error ? (
        <Alert
          type="error"
          showIcon
          data-testid="suppression-add-error"
          data-code={error.code}
          title={`${t("addFailed")} · ${tc(`error.${error.code}`)}`}
          description={error.message}
        />
      ) : null}
    </Modal>
  );
}
