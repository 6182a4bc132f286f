import type { ReactElement } from 'react';
import type { SecretStorage, Settings } from '../../../../preload/contract';
import { TransferLimitField } from './TransferLimitField';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useStore } from '../../store/store';
import { updateSettings } from './settings-actions';

const STORAGE_TEXT: Record<SecretStorage, string> = {
  keychain: 'the system keychain',
  'safe-storage': 'an encrypted file, with a key kept by the operating system',
  session: 'memory only, until Pail quits (no keychain is available)',
};

/** Person-facing settings; changes apply at once. */
export function SettingsDialog({ onClose }: { onClose(): void }): ReactElement {
  const theme = useStore((state) => state.settings.theme);
  const linkExpiry = useStore((state) => state.settings.linkExpirySeconds);
  const filesAtOnce = useStore((state) => state.settings.transferFilesAtOnce);
  const partsPerFile = useStore((state) => state.settings.transferPartsPerFile);
  const info = useStore((state) => state.appInfo);
  return (
    <Dialog
      title="Settings"
      onCancel={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <Field label="Theme" hint="System follows the light or dark appearance of your operating system.">
        {(control) => (
          <select
            {...control}
            data-autofocus
            value={theme}
            onChange={(e) => void updateSettings({ theme: e.target.value as Settings['theme'] })}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        )}
      </Field>
      <Field label="Presigned link lifetime" hint='How long a link from "Copy presigned link" works. The Share dialog can choose another.'>
        {(control) => (
          <select {...control} value={linkExpiry} onChange={(e) => void updateSettings({ linkExpirySeconds: Number(e.target.value) })}>
            {[900, 3600, 86_400, 604_800].includes(linkExpiry) ? null : <option value={linkExpiry}>{linkExpiry} seconds</option>}
            <option value={900}>15 minutes</option>
            <option value={3600}>1 hour</option>
            <option value={86_400}>1 day</option>
            <option value={604_800}>7 days</option>
          </select>
        )}
      </Field>
      <TransferLimitField
        label="Files at once"
        hint="How many transfers move at the same time. Applies to the running queue."
        value={filesAtOnce}
        onValid={(n) => void updateSettings({ transferFilesAtOnce: n })}
      />
      <TransferLimitField
        label="Parts per file at once"
        hint="How many parts of one large file move at the same time. Applies to transfers that start next."
        value={partsPerFile}
        onValid={(n) => void updateSettings({ transferPartsPerFile: n })}
      />
      {info && (
        <p className="dialog-note">
          Pail {info.version}. Secret access keys are stored in {STORAGE_TEXT[info.secretStorage]}.
        </p>
      )}
    </Dialog>
  );
}
