import { useEffect, useState, type ReactElement } from 'react';
import type { AwsProfileCandidate } from '../../../../preload/contract';
import { call } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { importAwsProfile } from './connection-actions';
import './ImportAwsDialog.css';

type Listing = { step: 'loading' } | { step: 'loaded'; profiles: AwsProfileCandidate[] } | { step: 'failed'; message: string };

const KIND_TEXT: Record<AwsProfileCandidate['kind'], string> = {
  static: 'Access keys',
  session: 'Temporary session keys',
  sso: 'AWS IAM Identity Center (SSO)',
  unsupported: 'Cannot be imported',
};

/** Lists the profiles of ~/.aws/credentials and ~/.aws/config; keys can be imported, SSO explains what to run. */
export function ImportAwsDialog({ onClose }: { onClose(): void }): ReactElement {
  const [listing, setListing] = useState<Listing>({ step: 'loading' });
  const [imported, setImported] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [failures, setFailures] = useState<Readonly<Record<string, string>>>({});

  useEffect(() => {
    let live = true;
    void call('listAwsProfiles').then((result) => {
      if (live) setListing(result.ok ? { step: 'loaded', profiles: result.value } : { step: 'failed', message: result.error.message });
    });
    return () => {
      live = false;
    };
  }, []);

  async function importOne(name: string): Promise<void> {
    setBusy(name);
    const result = await importAwsProfile(name);
    setBusy(null);
    if (result.ok) setImported((before) => new Set([...before, name]));
    else setFailures((before) => ({ ...before, [name]: result.error.message }));
  }

  return (
    <Dialog
      title="Import from AWS profiles"
      width="wide"
      onCancel={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      {listing.step === 'loading' && <p role="status">Reading AWS profiles…</p>}
      {listing.step === 'failed' && (
        <p role="alert" className="dialog-error">
          {listing.message}
        </p>
      )}
      {listing.step === 'loaded' && listing.profiles.length === 0 && <p>No profiles were found in ~/.aws/credentials or ~/.aws/config.</p>}
      {listing.step === 'loaded' && listing.profiles.length > 0 && (
        <ul className="aws-profiles" aria-label="AWS profiles">
          {listing.profiles.map((profile) => {
            const importable = profile.kind === 'static' || profile.kind === 'session';
            const hint =
              profile.hint ??
              (profile.kind === 'sso' ? `Run aws sso login --profile ${profile.name}, then import its temporary keys.` : undefined);
            return (
              <li key={profile.name} className="aws-profile">
                <div className="aws-profile-text">
                  <div className="aws-profile-name">{profile.name}</div>
                  <div className="aws-profile-meta">
                    {KIND_TEXT[profile.kind]}
                    {profile.region ? ` · ${profile.region}` : ''}
                    {profile.accessKeyId ? ` · ${profile.accessKeyId}` : ''}
                  </div>
                  {hint && <div className="aws-profile-hint">{hint}</div>}
                  {failures[profile.name] && (
                    <div role="alert" className="dialog-error">
                      {failures[profile.name]}
                    </div>
                  )}
                </div>
                {importable && (
                  <button
                    type="button"
                    aria-label={imported.has(profile.name) ? `Imported ${profile.name}` : `Import ${profile.name}`}
                    disabled={imported.has(profile.name) || busy !== null}
                    onClick={() => void importOne(profile.name)}
                  >
                    {imported.has(profile.name) ? 'Imported' : 'Import'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
