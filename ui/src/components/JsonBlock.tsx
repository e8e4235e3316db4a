import { Typography } from "antd";
import { useMemo } from "react";
import "./jsonBlock.css";
import { prettyJson } from "./prettyJson";

type JsonBlockProps = {
  /** JSON text (or any text: shown as it is when it is not JSON). */
  text: string;
  /** Accessible name of the block. */
  label: string;
  testId?: string;
};

/** JSON pretty-printed losslessly in a scrollable monospace block, with a copy button. */
export function JsonBlock({ text, label, testId }: JsonBlockProps) {
  const pretty = useMemo(() => prettyJson(text), [text]);
  return (
    <div className="pd-json" data-testid={testId}>
      <Typography.Text className="pd-json-copy" copyable={{ text: pretty }} aria-label={label} />
      <pre className="pd-json-pre" aria-label={label} tabIndex={0}>
        {pretty}
      </pre>
    </div>
  );
}
