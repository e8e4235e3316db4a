import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ComposeDraft } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { onTeam } from "../../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";

const OPENID = "oPtYgjmUhBel31iEl2hpChYgCfrL";
const DRAFT: ComposeDraft = {
  accountId: REAL_ACCOUNT.id,
  templateId: ORDER_SHIPPED.templateId,
  message: {
    values: { thing1: "拿铁咖啡", character_string2: "20261124000123", phrase3: "已发货", time4: "2026-11-24 10:00", amount5: "￥32.00" },
    page: "pages/order/detail?id=7",
    miniprogramState: "formal",
    lang: "zh_CN",
  },
  openid: OPENID,
  placeholders: {},
};

async function openCompose(options: Parameters<typeof renderApp>[1]) {
  const view = renderApp(
    "/compose",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      composeDraft: DRAFT,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID, note: "小王的手机" }] },
      ...options,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("page-compose");
  return view;
}

describe("compose on a team's store", () => {
  it("lets an author send to the test list only", async () => {
    const { user, backend } = await openCompose(onTeam("author"));
    expect(await screen.findByTestId("compose-test-only")).toHaveTextContent("你的角色是作者：可以发给测试名单");
    expect(screen.queryByTestId("compose-target-single")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-openid")).not.toBeInTheDocument();
    expect(await screen.findByTestId("compose-test-list")).toHaveTextContent("小王的手机");

    const send = screen.getByTestId("compose-send");
    expect(send).toHaveTextContent("发送给测试名单");
    await waitFor(() => expect(send).toBeEnabled());
    await user.click(send);
    await screen.findByTestId("compose-result");
    expect(backend.callsTo("send_now")).toHaveLength(1);
    expect(backend.callsTo("send_now")[0]?.args).toMatchObject({ request: { target: { kind: "test" } } });
  });

  it("lets a sender send to one person", async () => {
    await openCompose(onTeam("sender"));
    expect(await screen.findByTestId("compose-target-single")).toBeInTheDocument();
    expect(screen.getByTestId("compose-openid")).toHaveValue(OPENID);
    expect(screen.queryByTestId("compose-test-only")).not.toBeInTheDocument();
  });

  it("shows a viewer the composer without a send button", async () => {
    await openCompose(onTeam("viewer"));
    expect(await screen.findByTestId("compose-read-only")).toHaveTextContent("你的角色是查看者");
    expect(screen.queryByTestId("compose-send")).not.toBeInTheDocument();
    expect(screen.getByTestId("compose-preview")).toBeInTheDocument();
  });
});
