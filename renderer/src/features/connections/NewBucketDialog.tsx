import type { ReactElement } from 'react';
import { NameDialog } from '../../components/NameDialog';
import { bucketNameProblem } from './bucket-names';
import { createBucket } from './connection-actions';

/** Asks for a bucket name and creates it. */
export function NewBucketDialog({ connectionId, onClose }: { connectionId: string; onClose(): void }): ReactElement {
  return (
    <NameDialog
      title="New bucket"
      label="Bucket name"
      hint="3–63 characters: lowercase letters, digits, dots and hyphens."
      validate={bucketNameProblem}
      create={(name) => createBucket(connectionId, name)}
      onClose={onClose}
    />
  );
}
