import { useState, type ReactElement } from 'react';
import type { InspectedLink } from '../../../../preload/contract';
import { call } from '../../api/call';
import { Field } from '../../components/Field';
import { expiryText, localTimeText, utcText } from './expiry-text';

/** Paste a presigned URL, read what it says. Decoded by Pail itself; nothing is sent anywhere. */
export function LinkInspector(): ReactElement {
  const [text, setText] = useState('');
  const [info, setInfo] = useState<InspectedLink | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function inspect(value: string): Promise<void> {
    setText(value);
    if (!value.trim()) {
      setInfo(null);
      setProblem(null);
      return;
    }
    const result = await call('inspectLink', value);
    setInfo(result.ok ? result.value : null);
    setProblem(result.ok ? null : result.error.message);
  }

  const now = new Date();
  return (
    <>
      <Field label="Presigned link" hint="Decoded on this computer; nothing is sent." error={problem}>
        {(control) => (
          <textarea
            {...control}
            className="share-url"
            rows={4}
            value={text}
            onChange={(e) => void inspect(e.target.value)}
            spellCheck={false}
          />
        )}
      </Field>
      {info && (
        <dl className="share-facts" aria-label="What the link says">
          <dt>Signature</dt>
          <dd>{info.signature}</dd>
          <dt>Method</dt>
          <dd>{info.methodHint}</dd>
          <dt>Endpoint</dt>
          <dd>{info.endpoint}</dd>
          <dt>Bucket</dt>
          <dd>{info.bucket ?? '—'}</dd>
          <dt>Key</dt>
          <dd>{info.key ?? '—'}</dd>
          <dt>Access key ID</dt>
          <dd>{info.accessKeyId}</dd>
          {info.region && (
            <>
              <dt>Region</dt>
              <dd>{info.region}</dd>
            </>
          )}
          {info.signedAt && (
            <>
              <dt>Signed at</dt>
              <dd>
                {localTimeText(new Date(info.signedAt), now)} ({utcText(info.signedAt)})
              </dd>
            </>
          )}
          <dt>Expiry</dt>
          <dd>
            {expiryText(info.expiresAt, now)} ({utcText(info.expiresAt)})
          </dd>
          <dt>Signed headers</dt>
          <dd>{info.signedHeaders.length > 0 ? info.signedHeaders.join(', ') : '—'}</dd>
          <dt>Session token</dt>
          <dd>{info.sessionToken ? 'present (temporary credentials: the link dies with them)' : 'none'}</dd>
          {Object.entries(info.responseOverrides).map(([name, value]) => (
            <span key={name} className="share-facts-row">
              <dt>{name}</dt>
              <dd>{value}</dd>
            </span>
          ))}
        </dl>
      )}
      {info?.clockProblem && <p className="share-warning">{info.clockProblem}</p>}
    </>
  );
}
