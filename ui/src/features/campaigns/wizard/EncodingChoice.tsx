import { CheckOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Radio, Tag, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EncodingCandidate, TextEncoding } from "../../../ipc";

type Props = {
  /** The file's name. */
  file: string;
  /** The ways it could be read, most plausible first, each with its first rows decoded. */
  candidates: EncodingCandidate[];
  reading: boolean;
  onChoose: (encoding: TextEncoding) => void;
  onCancel: () => void;
};

/**
 * The core could not tell the file's encoding: the user sees the first rows read each way and
 * chooses, then confirms. Nothing is preselected, so reading garbled text takes a decision.
 */
export function EncodingChoice({ file, candidates, reading, onChoose, onCancel }: Props) {
  const { t } = useTranslation("campaigns");
  const [chosen, setChosen] = useState<TextEncoding | null>(null);
  const chosenLabel = candidates.find((c) => c.encoding === chosen)?.label;
  const box = useRef<HTMLDivElement>(null);
  // The question appears below the read button, often below the fold: bring it into view.
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: "start" });
  }, []);
  return (
    <Flex vertical gap={12} data-testid="campaign-encoding-choice" ref={box}>
      <Alert type="warning" showIcon title={t("encoding.title", { file })} description={t("encoding.hint")} />
      <Radio.Group
        value={chosen}
        onChange={(event) => setChosen(event.target.value as TextEncoding)}
        className="pd-encoding-options"
        aria-label={t("encoding.title", { file })}
      >
        {candidates.map((candidate, index) => (
          <div
            key={candidate.encoding}
            className="pd-encoding-option"
            data-selected={chosen === candidate.encoding}
            data-testid={`campaign-encoding-${candidate.encoding}`}
            onClick={() => setChosen(candidate.encoding)}
          >
            <Flex align="center" gap={8} wrap>
              <Radio value={candidate.encoding} autoFocus={index === 0} data-testid={`campaign-encoding-option-${candidate.encoding}`}>
                <Typography.Text strong>{candidate.label}</Typography.Text>
              </Radio>
              {index === 0 ? <Tag color="blue">{t("encoding.likely")}</Tag> : null}
              <Typography.Text type="secondary" className="pd-campaign-small">
                {t(`encodingHint.${candidate.encoding}`)}
              </Typography.Text>
            </Flex>
            <SampleTable rows={candidate.sampleRows} label={t("encoding.sampleOf", { label: candidate.label })} testId={`campaign-encoding-sample-${candidate.encoding}`} />
          </div>
        ))}
      </Radio.Group>
      <Flex gap={12} align="center" wrap>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={chosen === null}
          loading={reading}
          onClick={() => chosen && onChoose(chosen)}
          data-testid="campaign-encoding-confirm"
        >
          {chosenLabel ? t("encoding.confirm", { label: chosenLabel }) : t("encoding.choose")}
        </Button>
        <Button onClick={onCancel} disabled={reading} data-testid="campaign-encoding-cancel">
          {t("encoding.cancel")}
        </Button>
      </Flex>
    </Flex>
  );
}

/** Row 0 is the header; the rest are the first rows whose text differs between decodings. */
function SampleTable({ rows, label, testId }: { rows: string[][]; label: string; testId: string }) {
  const [header = [], ...body] = rows;
  const width = Math.max(header.length, ...body.map((row) => row.length));
  const cells = (row: string[]) => Array.from({ length: width }, (_, i) => row[i] ?? "");
  return (
    <div className="pd-encoding-sample-wrap">
      <table className="pd-encoding-sample" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {cells(header).map((cell, i) => (
              <th key={i} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((row, r) => (
            <tr key={r}>
              {cells(row).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
