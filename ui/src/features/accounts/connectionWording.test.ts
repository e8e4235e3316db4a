import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import type { CatalogueEntry, ConnectionReport } from "../../ipc";
import { IP_NOT_WHITELISTED_REPORT, NO_NETWORK_REPORT } from "../../test/templateFixtures";
import { connectionWording } from "./connectionWording";

const zh = i18n.getFixedT("zh-CN");
const en = i18n.getFixedT("en");

function failedWith(problem: Partial<CatalogueEntry> & Pick<CatalogueEntry, "failure" | "class">): ConnectionReport {
  return {
    ...NO_NETWORK_REPORT,
    problem: {
      retry: null,
      detail: null,
      explanation: { title_zh: "标题", title_en: "Title", action_zh: "没有发送任何消息。请核对设置。", action_en: "Nothing was sent. Check the settings." },
      ...problem,
    },
  };
}

// Bug 6: a connection test without network spoke of messages not sent and automatic retries.
describe("connection test wording (bug 6)", () => {
  it("says the server cannot be reached and to test again, not what a campaign would do", () => {
    const wording = connectionWording(NO_NETWORK_REPORT, "stable", false, zh);
    expect(wording).toEqual({ title: "无法连接到微信服务器", action: "请检查网络或代理设置后点击「重新测试」。" });
    expect(`${wording.title}${wording.action}`).not.toMatch(/消息|自动|任务/);

    const english = connectionWording(NO_NETWORK_REPORT, "stable", true, en);
    expect(english).toEqual({ title: "Cannot connect to the WeChat server", action: "Check the network or the proxy settings, then click Test again." });
  });

  it("names the company token service when that is what could not be reached", () => {
    expect(connectionWording(NO_NETWORK_REPORT, "external", false, zh).title).toBe("无法连接到公司的凭证服务");
    const templateStep = failedWith({ failure: { transport: "connect_failed" }, class: "unreachable" });
    expect(connectionWording(templateStep, "external", false, zh).title).toBe("无法连接到微信服务器");
  });

  it("tells a proxy problem, a missing answer and an unreadable one apart", () => {
    const title = (failure: CatalogueEntry["failure"]) => connectionWording(failedWith({ failure, class: "unknown" }), "stable", false, zh).title;
    expect(title({ token_fetch: "proxy_failed" })).toBe("无法连接到代理服务器");
    expect(title({ transport: "timeout_after_send" })).toBe("微信服务器没有正常回复");
    expect(title({ transport: "invalid_body" })).toBe("微信服务器的回复无法识别");
  });

  it("keeps the catalogue's title but replaces the engine's retry plan with the test's advice", () => {
    const busy = failedWith({ failure: { token_errcode: -1 }, class: "retry", retry: { kind: "backoff" } });
    expect(connectionWording(busy, "stable", false, zh)).toEqual({ title: "标题", action: "请稍等片刻再点击「重新测试」。" });
    const quota = failedWith({ failure: { token_errcode: 45009 }, class: "pause_campaign", retry: { kind: "next_day" } });
    expect(connectionWording(quota, "stable", true, en)).toEqual({
      title: "Title",
      action: "The limit resets at midnight Beijing time; click Test again after that.",
    });
  });

  it("keeps the catalogue's specific advice, without the lead about messages", () => {
    const wrongSecret = failedWith({ failure: { token_errcode: 40125 }, class: "stop_campaign" });
    expect(connectionWording(wrongSecret, "stable", false, zh)).toEqual({ title: "标题", action: "请核对设置。" });
    expect(connectionWording(wrongSecret, "stable", true, en)).toEqual({ title: "Title", action: "Check the settings." });
    const ip = IP_NOT_WHITELISTED_REPORT.problem?.explanation;
    expect(connectionWording(IP_NOT_WHITELISTED_REPORT, "stable", false, zh)).toEqual({ title: ip?.title_zh, action: ip?.action_zh });
  });
});
