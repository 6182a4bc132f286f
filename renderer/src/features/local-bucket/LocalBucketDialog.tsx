import { useEffect, useId, useState, type ReactElement } from 'react';
import type { LocalBucketKeyPair } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useStore } from '../../store/store';
import { copyText } from '../browser/clipboard-actions';
import {
  configureLocalBucket,
  loadLocalBucketStatus,
  revealLocalBucketSecret,
  startLocalBucket,
  stopLocalBucket,
} from './local-bucket-actions';
import { awsCliSnippet, environmentSnippet, localEndpoint } from './snippets';
import './LocalBucketDialog.css';

const STATE_TEXT = { running: 'Running', stopped: 'Stopped', starting: 'Starting…', error: 'Failed' } as const;

function portProblem(text: string): string | null {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? null : 'A port is a whole number from 0 to 65535 (0 picks a free one).';
}

/**
 * The local bucket's panel: whether it runs, how other tools reach it (endpoint and keys, with
 * ready-to-paste snippets), and where it listens and keeps its data. Follows main's live updates.
 */
export function LocalBucketDialog({ onClose }: { onClose(): void }): ReactElement {
  const status = useStore((state) => state.localBucket);
  const [showSecret, setShowSecret] = useState(false);
  // The secret is fetched on request only (Show, or a copy button), never sent with the status.
  const [secret, setSecret] = useState<string | null>(null);
  // What the person typed; null while a field just shows the live value.
  const [portDraft, setPortDraft] = useState<string | null>(null);
  const [dataDirDraft, setDataDirDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const [switching, setSwitching] = useState(false);
  const secretId = useId();

  useEffect(() => {
    void loadLocalBucketStatus();
  }, []);

  const port = portDraft ?? String(status?.port ?? '');
  const dataDir = dataDirDraft ?? status?.dataDir ?? '';
  const portChanged = status !== null && portDraft !== null && portDraft !== String(status.port);
  const dataDirChanged = status !== null && dataDirDraft !== null && dataDirDraft !== status.dataDir;

  async function apply(): Promise<void> {
    const invalid = portChanged ? portProblem(port) : null;
    setProblem(invalid);
    if (invalid) return;
    setApplying(true);
    setFailure(null);
    const result = await configureLocalBucket({ ...(portChanged ? { port: Number(port) } : {}), ...(dataDirChanged ? { dataDir } : {}) });
    setApplying(false);
    if (result.ok) {
      setPortDraft(null);
      setDataDirDraft(null);
    } else setFailure(result.error.message);
  }

  async function keyPair(): Promise<LocalBucketKeyPair | null> {
    const keys = await revealLocalBucketSecret();
    if (keys) setSecret(keys.secretAccessKey);
    return keys;
  }

  async function toggleSecret(): Promise<void> {
    if (showSecret) return setShowSecret(false);
    if (secret === null && !(await keyPair())) return;
    setShowSecret(true);
  }

  async function copySnippet(snippet: typeof awsCliSnippet, what: string): Promise<void> {
    const keys = await keyPair();
    if (keys && status) await copyText(snippet(status, keys), what);
  }

  async function toggleRunning(): Promise<void> {
    setSwitching(true);
    await (status?.state === 'running' ? stopLocalBucket() : startLocalBucket());
    setSwitching(false);
  }

  return (
    <Dialog
      title="Local bucket"
      width="wide"
      onCancel={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      {!status ? (
        <p role="status">Reading the local bucket’s status…</p>
      ) : (
        <div className="local-bucket">
          <p className="local-intro">
            An S3-compatible server on this computer. Pail and any S3 tool (aws, rclone, boto3, s3cmd) can use it.
          </p>
          <div className="local-status-row">
            <span className={`status-dot status-${status.state}`} aria-hidden="true" />
            <span role="status" className="local-state">
              Status: {STATE_TEXT[status.state]}
              {status.error ? ` — ${status.error}` : ''}
            </span>
            <button type="button" onClick={() => void toggleRunning()} disabled={switching || status.state === 'starting'}>
              {status.state === 'running' ? 'Stop' : 'Start'}
            </button>
          </div>

          <Field label="Endpoint">
            {(control) => <input {...control} type="text" readOnly value={localEndpoint(status)} className="mono" />}
          </Field>
          <Field label="Access key ID">
            {(control) => <input {...control} type="text" readOnly value={status.accessKeyId} className="mono" />}
          </Field>
          <div className="field">
            <label className="field-label" htmlFor={secretId}>
              Secret access key
            </label>
            <div className="field-control field-inline">
              <input id={secretId} type={showSecret ? 'text' : 'password'} readOnly value={secret ?? ''} className="mono" />
              <button type="button" aria-pressed={showSecret} aria-controls={secretId} onClick={() => void toggleSecret()}>
                {showSecret ? 'Hide' : 'Show'}
              </button>
            </div>
          </div>
          <div className="local-copy">
            <button type="button" onClick={() => void copySnippet(awsCliSnippet, 'the aws CLI commands')}>
              Copy as aws CLI
            </button>
            <button type="button" onClick={() => void copySnippet(environmentSnippet, 'the environment variables')}>
              Copy as environment variables
            </button>
          </div>

          <h3 className="local-section">Server</h3>
          <Field label="Port" error={problem}>
            {(control) => (
              <input {...control} type="number" min={0} max={65535} value={port} onChange={(e) => setPortDraft(e.target.value)} />
            )}
          </Field>
          <Field label="Data folder" hint="Objects are kept as files under this folder.">
            {(control) => (
              <input
                {...control}
                type="text"
                value={dataDir}
                onChange={(e) => setDataDirDraft(e.target.value)}
                spellCheck={false}
                className="mono"
              />
            )}
          </Field>
          <div className="local-apply">
            <button type="button" onClick={() => void apply()} disabled={!(portChanged || dataDirChanged) || applying}>
              {applying ? 'Applying…' : 'Apply'}
            </button>
            <span className="field-hint">The local bucket restarts to apply changes.</span>
          </div>
          {failure && (
            <p role="alert" className="dialog-error">
              {failure}
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
