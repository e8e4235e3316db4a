import { Modal } from "antd";
import { useTranslation } from "react-i18next";
import type { AccountSummary } from "../../ipc";
import { EventImport } from "./EventImport";
import "./ledger.css";

/** The send log's way to import event pushes: the ledger page's import, in a dialog. */
export function EventImportModal({ account, open, onClose }: { account: AccountSummary; open: boolean; onClose: () => void }) {
  const { t } = useTranslation("ledger");
  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      title={t("import.title")}
      width={720}
      destroyOnHidden
      modalRender={(node) => <div data-testid="events-import-modal">{node}</div>}
    >
      <EventImport account={account} />
    </Modal>
  );
}
