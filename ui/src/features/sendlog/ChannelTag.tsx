import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { MessageChannel } from "../../ipc";
import "./channelTag.css";

/** The colours of the account kinds that send them (a mini program's cyan, an Official Account's purple). */
const CHANNEL_COLOR: Record<MessageChannel, string> = {
  subscribe_message: "cyan",
  template_message: "purple",
};

/** 订阅消息 or 模板消息: which kind of WeChat message a send or a campaign is; the raw channel in `data-channel`. */
export function ChannelTag({ channel, testId }: { channel: MessageChannel; testId?: string }) {
  const { t } = useTranslation("sendlog");
  return (
    <Tag color={CHANNEL_COLOR[channel]} variant="outlined" data-testid={testId} data-channel={channel} className="pd-channel-tag">
      {t(`channel.${channel}`)}
    </Tag>
  );
}
