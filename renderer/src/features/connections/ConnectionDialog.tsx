import { useId, useState, type ReactElement } from 'react';
import type { ProviderKind } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useStore } from '../../store/store';
import { saveConnection, testConnection } from './connection-actions';
import {
  derivedEndpoint,
  EMPTY_FORM,
  formFromProfile,
  formProblems,
  presetOf,
  PROVIDERS,
  toConnectionInput,
  type ConnectionFormValues,
} from './providers';
import './ConnectionDialog.css';

type TestState = { step: 'idle' } | { step: 'testing' } | { step: 'done'; ok: boolean; message: string };

/** Add a connection, or edit one (`connectionId`): provider presets, Test, Save. */
export function ConnectionDialog({ connectionId, onClose }: { connectionId: string | null; onClose(): void }): ReactElement {
  const profile = useStore((state) => (connectionId ? state.connections.find((c) => c.id === connectionId) : undefined));
  const sessionOnly = useStore((state) => state.appInfo?.secretStorage === 'session');
  const editing = connectionId !== null;
  const [values, setValues] = useState<ConnectionFormValues>(() => (profile ? formFromProfile(profile) : EMPTY_FORM));
  const [problems, setProblems] = useState<Partial<Record<keyof ConnectionFormValues, string>>>({});
  const [test, setTest] = useState<TestState>({ step: 'idle' });
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const pathStyleId = useId();
  const preset = presetOf(values.provider);
  const endpoint = derivedEndpoint(values);

  function update<K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]): void {
    setValues((before) => ({ ...before, [key]: value }));
    setProblems((before) => ({ ...before, [key]: undefined }));
    // A result for other settings would mislead.
    setTest({ step: 'idle' });
  }

  async function runTest(): Promise<void> {
    if (test.step === 'testing') return;
    const found = formProblems(values, { editing, forTest: true });
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setTest({ step: 'testing' });
    const result = await testConnection(toConnectionInput(values), connectionId);
    setTest(
      result.ok
        ? { step: 'done', ok: result.value.ok, message: result.value.message }
        : { step: 'done', ok: false, message: result.error.message },
    );
  }

  async function save(): Promise<void> {
    const found = formProblems(values, { editing });
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    setFailure(null);
    const result = await saveConnection(toConnectionInput(values), connectionId);
    setSaving(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  const endpointHint = endpoint ? (
    <>
      Endpoint: <code>{endpoint}</code>
    </>
  ) : undefined;
  const secretHint = [
    editing ? 'Leave empty to keep the saved secret.' : null,
    sessionOnly ? 'Kept only until Pail quits: no keychain is available.' : null,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <Dialog
      title={editing ? 'Edit connection' : 'Add connection'}
      width="wide"
      onCancel={onClose}
      onSubmit={() => void save()}
      busy={saving}
      footer={
        <>
          {/* aria-disabled rather than disabled while testing, so focus stays on the button. */}
          <button
            type="button"
            className="footer-start"
            onClick={() => void runTest()}
            aria-disabled={test.step === 'testing' || undefined}
            disabled={saving}
          >
            Test
          </button>
          <button type="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </>
      }
    >
      <div className="connection-form">
        {/* The provider first: it decides which fields follow (an endpoint, a region, an account ID). */}
        <Field label="Provider">
          {(control) => (
            <select
              {...control}
              data-autofocus
              value={values.provider}
              onChange={(e) => update('provider', e.target.value as ProviderKind)}
            >
              {PROVIDERS.map((p) => (
                <option key={p.kind} value={p.kind}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" error={problems.name}>
          {(control) => (
            <input {...control} type="text" value={values.name} onChange={(e) => update('name', e.target.value)} placeholder="My storage" />
          )}
        </Field>
        {preset.fields.includes('accountId') && (
          <Field label="Account ID" error={problems.accountId} hint={endpointHint}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={values.accountId}
                onChange={(e) => update('accountId', e.target.value)}
                spellCheck={false}
                placeholder="32 hexadecimal characters"
              />
            )}
          </Field>
        )}
        {preset.fields.includes('endpoint') && (
          <Field label="Endpoint" error={problems.endpoint}>
            {(control) => (
              <input
                {...control}
                type="url"
                value={values.endpoint}
                onChange={(e) => update('endpoint', e.target.value)}
                spellCheck={false}
                placeholder="http://127.0.0.1:9000"
              />
            )}
          </Field>
        )}
        {preset.fields.includes('region') && (
          <Field label="Region" error={problems.region} hint={preset.fields.includes('accountId') ? undefined : endpointHint}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={values.region}
                onChange={(e) => update('region', e.target.value)}
                spellCheck={false}
                placeholder={preset.regionPlaceholder}
              />
            )}
          </Field>
        )}
        {preset.fields.includes('pathStyle') && (
          <div className="field field-checkbox">
            <span className="field-label" />
            <div className="field-control">
              <input
                id={pathStyleId}
                type="checkbox"
                checked={values.forcePathStyle}
                onChange={(e) => update('forcePathStyle', e.target.checked)}
              />
              <label htmlFor={pathStyleId}>Path-style requests</label>
              <div className="field-hint">
                Address buckets as endpoint/bucket rather than bucket.endpoint; MinIO and most self-hosted servers need this.
              </div>
            </div>
          </div>
        )}
        <Field label="Access key ID" error={problems.accessKeyId}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={values.accessKeyId}
              onChange={(e) => update('accessKeyId', e.target.value)}
              spellCheck={false}
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Secret access key" error={problems.secretAccessKey} hint={secretHint || undefined}>
          {(control) => (
            <input
              {...control}
              type="password"
              value={values.secretAccessKey}
              onChange={(e) => update('secretAccessKey', e.target.value)}
              autoComplete="new-password"
              placeholder={editing ? 'Unchanged' : ''}
            />
          )}
        </Field>
      </div>
      <div role="status" className={`test-result${test.step === 'done' ? (test.ok ? ' ok' : ' failed') : ''}`}>
        {test.step === 'testing' ? 'Testing…' : test.step === 'done' ? test.message : ''}
      </div>
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
