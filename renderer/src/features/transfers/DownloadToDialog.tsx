import { useEffect, useState, type ReactElement } from 'react';
import type { ObjectSelection } from '../../../../preload/contract';
import { call } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { plural } from '../../lib/format';
import { useStore } from '../../store/store';
import { downloadTo } from './download-actions';
import { DialogActions } from '../../components/DialogActions';

/**
 * "Download to…": a typed local folder (default: Downloads). A folder chooser is not part of the
 * contract yet, so Electron types the path here too.
 */
export function DownloadToDialog({ selection, onClose }: { selection: ObjectSelection; onClose(): void }): ReactElement {
  const [destination, setDestination] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const electron = useStore((state) => state.appInfo?.transport === 'electron');

  useEffect(() => {
    let live = true;
    void call('getTransferDefaults').then((result) => {
      if (live && result.ok) setDestination((current) => current || result.value.downloadDir);
    });
    return () => {
      live = false;
    };
  }, []);

  async function submit(): Promise<void> {
    const folder = destination.trim();
    if (!folder) {
      setError('Type the folder to download into.');
      return;
    }
    setBusy(true);
    const ok = await downloadTo(selection, folder);
    setBusy(false);
    if (ok) onClose();
  }

  const what = [
    selection.keys.length ? plural(selection.keys.length, 'object') : '',
    selection.prefixes.length ? plural(selection.prefixes.length, 'folder') : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return (
    <Dialog
      title="Download to"
      onCancel={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={<DialogActions action="Download" onCancel={onClose} busy={busy} />}
    >
      <p className="dialog-note">
        Downloads {what} from {selection.bucket}. Files appear under their own names once complete and verified; folders keep their
        structure.
      </p>
      <Field
        label="Folder on this computer"
        error={error}
        hint={
          electron
            ? 'Type the full path of a folder (choosing one in a window is not available yet).'
            : 'A folder on the computer running Pail’s server, as a full path.'
        }
      >
        {(control) => (
          <input
            {...control}
            type="text"
            data-autofocus
            spellCheck={false}
            value={destination}
            onChange={(event) => {
              setDestination(event.target.value);
              setError(null);
            }}
          />
        )}
      </Field>
    </Dialog>
  );
}
