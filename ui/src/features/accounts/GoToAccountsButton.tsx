import { AppstoreOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/** The way to the Accounts page, from a page that needs an account (or its templates) first. */
export function GoToAccountsButton({ primary = true }: { primary?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button type={primary ? "primary" : "default"} icon={<AppstoreOutlined />} onClick={() => void navigate("/accounts")}>
      {t("accounts.goTo")}
    </Button>
  );
}
