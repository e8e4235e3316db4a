import { Button, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { UnsavedWork } from "./unsavedWork";

type Props = {
  /** The work the user is asked about; null when nobody is leaving. */
  work: UnsavedWork | null;
  onStay: () => void;
  /** The work was saved or discarded. */
  onLeave: () => void;
};

/** "Save, discard or keep editing?" before a page with unsaved work is left. */
export function LeaveConfirmDialog({ work, onStay, onLeave }: Props) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  // The question keeps its words while it closes, instead of fading out blank.
  const [shown, setShown] = useState(work);
  if (work !== null && work !== shown) setShown(work);

  const save = async () => {
    if (!work?.save) return;
    setSaving(true);
    try {
      await work.save();
      onLeave();
    } catch {
      // The page shows why it could not be saved; leaving now would lose the work.
      onStay();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={work !== null}
      title={shown?.title}
      onCancel={onStay}
      // While saving, the answer is given: only the save's outcome ends the question.
      closable={!saving}
      keyboard={!saving}
      mask={{ closable: !saving }}
      destroyOnHidden
      width={460}
      modalRender={(node) => <div data-testid="leave-confirm">{node}</div>}
      footer={
        <>
          {/* Keeping the work is the safe answer: first, and focused. */}
          <Button autoFocus onClick={onStay} disabled={saving} data-testid="leave-confirm-stay">
            {t("unsavedWork.stay")}
          </Button>
          <Button
            danger
            type={shown?.save ? "default" : "primary"}
            onClick={onLeave}
            disabled={saving}
            data-testid="leave-confirm-discard"
          >
            {shown?.discardLabel ?? t("unsavedWork.discard")}
          </Button>
          {shown?.save ? (
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="leave-confirm-save">
              {t("unsavedWork.save")}
            </Button>
          ) : null}
        </>
      }
    >
      <Typography.Paragraph>{shown?.description}</Typography.Paragraph>
    </Modal>
  );
}
