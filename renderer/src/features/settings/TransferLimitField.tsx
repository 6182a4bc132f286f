import { useEffect, useState, type ReactElement } from 'react';
import { TRANSFER_LIMIT } from '../../../../preload/contract';
import { Field } from '../../components/Field';

/**
 * A whole number from 1 to 16 for one of the queue limits. `onValid` gets every valid value as it is
 * typed; anything else stays in the box with the reason and changes nothing.
 */
export function TransferLimitField({
  label,
  hint,
  value,
  onValid,
}: {
  label: string;
  hint: string;
  value: number;
  onValid(value: number): void;
}): ReactElement {
  const [text, setText] = useState(String(value));
  // Follow the saved value (another change, or main refusing one) unless the box holds a mistake.
  useEffect(() => setText((current) => (parseLimit(current) === undefined ? current : String(value))), [value]);
  const error = parseLimit(text) === undefined ? `Enter a whole number from ${TRANSFER_LIMIT.min} to ${TRANSFER_LIMIT.max}.` : null;
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={TRANSFER_LIMIT.min}
          max={TRANSFER_LIMIT.max}
          step={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const n = parseLimit(e.target.value);
            if (n !== undefined && n !== value) onValid(n);
          }}
        />
      )}
    </Field>
  );
}

function parseLimit(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= TRANSFER_LIMIT.min && n <= TRANSFER_LIMIT.max ? n : undefined;
}
