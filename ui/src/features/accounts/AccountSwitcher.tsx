import { Button, Empty, Flex, Select, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { AccountSummary } from "../../ipc";
import { AccountKindTag } from "./AccountKindTag";
import { useSelectedAccount } from "./SelectedAccountContext";

function SandboxTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t("accountSwitcher.sandboxHint")}>
      <Tag color="gold" className="pd-sandbox-tag" variant="filled">
        {t("accountSwitcher.sandboxTag")}
      </Tag>
    </Tooltip>
  );
}

function AccountOption({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  return (
    <Flex vertical data-testid={`account-option-${account.id}`} className="pd-account-option">
      <Flex align="center" gap={6}>
        <Typography.Text strong ellipsis>
          {account.name}
        </Typography.Text>
        <AccountKindTag kind={account.kind} />
        {account.isSandbox ? (
          <Tag color="gold" variant="filled" className="pd-sandbox-tag">
            {t("accountSwitcher.sandboxTag")}
          </Tag>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" className="pd-account-appid">
        {account.isSandbox ? t("accountSwitcher.sandboxHint") : account.appid}
      </Typography.Text>
    </Flex>
  );
}

/** Header control choosing the account that every page works with. */
export function AccountSwitcher() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { accounts, selectedAccount, selectAccount, isLoading } = useSelectedAccount();
  const byId = new Map(accounts.map((account) => [account.id, account]));

  return (
    <Flex align="center" gap={8}>
      <Typography.Text type="secondary" id="account-switcher-label">
        {t("accountSwitcher.label")}
      </Typography.Text>
      <Select<number>
        data-testid="account-switcher"
        aria-labelledby="account-switcher-label"
        className="pd-account-switcher"
        popupMatchSelectWidth={320}
        loading={isLoading}
        placeholder={t("accountSwitcher.placeholder")}
        value={selectedAccount?.id}
        onChange={selectAccount}
        options={accounts.map((account) => ({ value: account.id, label: account.name }))}
        optionRender={(option) => {
          const account = byId.get(option.value as number);
          return account ? <AccountOption account={account} /> : option.label;
        }}
        labelRender={({ value, label }) => {
          const account = byId.get(value as number);
          return (
            <Flex align="center" gap={6} className="pd-account-selected">
              <span className="pd-ellipsis">{label}</span>
              {account?.isSandbox ? <SandboxTag /> : null}
            </Flex>
          );
        }}
        notFoundContent={
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("accountSwitcher.empty")}>
            <Button size="small" type="primary" onClick={() => void navigate("/accounts")}>
              {t("accountSwitcher.goToAccounts")}
            </Button>
          </Empty>
        }
      />
    </Flex>
  );
}
