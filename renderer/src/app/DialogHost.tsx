import type { ReactElement } from 'react';
import { DeleteDialog } from '../features/browser/DeleteDialog';
import { NewFolderDialog } from '../features/browser/NewFolderDialog';
import { RenameDialog } from '../features/browser/RenameDialog';
import { ConnectionDialog } from '../features/connections/ConnectionDialog';
import { DeleteBucketDialog } from '../features/connections/DeleteBucketDialog';
import { ImportAwsDialog } from '../features/connections/ImportAwsDialog';
import { NewBucketDialog } from '../features/connections/NewBucketDialog';
import { RemoveConnectionDialog } from '../features/connections/RemoveConnectionDialog';
import { LocalBucketDialog } from '../features/local-bucket/LocalBucketDialog';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { CorsDialog } from '../features/share/CorsDialog';
import { ShareDialog } from '../features/share/ShareDialog';
import { SharedLinksDialog } from '../features/share/SharedLinksDialog';
import { DownloadToDialog } from '../features/transfers/DownloadToDialog';
import { PreviewDialog } from '../features/transfers/PreviewDialog';
import { UnfinishedUploadsDialog } from '../features/transfers/UnfinishedUploadsDialog';
import { useStore } from '../store/store';

/** Shows the one open dialog. */
export function DialogHost(): ReactElement | null {
  const dialog = useStore((state) => state.dialog);
  const close = useStore((state) => state.closeDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'connection':
      return <ConnectionDialog connectionId={dialog.connectionId} onClose={close} />;
    case 'import-aws':
      return <ImportAwsDialog onClose={close} />;
    case 'remove-connection':
      return <RemoveConnectionDialog connectionId={dialog.connectionId} onClose={close} />;
    case 'new-bucket':
      return <NewBucketDialog connectionId={dialog.connectionId} onClose={close} />;
    case 'delete-bucket':
      return <DeleteBucketDialog connectionId={dialog.connectionId} bucket={dialog.bucket} onClose={close} />;
    case 'new-folder':
      return <NewFolderDialog location={dialog.location} onClose={close} />;
    case 'rename':
      return <RenameDialog location={dialog.location} entry={dialog.entry} onClose={close} />;
    case 'delete':
      return <DeleteDialog selection={dialog.selection} onClose={close} />;
    case 'local-bucket':
      return <LocalBucketDialog onClose={close} />;
    case 'settings':
      return <SettingsDialog onClose={close} />;
    case 'share':
      return <ShareDialog target={{ connectionId: dialog.connectionId, bucket: dialog.bucket, objectKey: dialog.key }} onClose={close} />;
    case 'shared-links':
      return <SharedLinksDialog onClose={close} />;
    case 'bucket-cors':
      return <CorsDialog connectionId={dialog.connectionId} bucket={dialog.bucket} onClose={close} />;
    case 'download-to':
      return <DownloadToDialog selection={dialog.selection} onClose={close} />;
    case 'preview':
      return <PreviewDialog location={dialog.location} objectKey={dialog.key} ticket={dialog.ticket} onClose={close} />;
    case 'unfinished-uploads':
      return <UnfinishedUploadsDialog connectionId={dialog.connectionId} bucket={dialog.bucket} onClose={close} />;
  }
}
