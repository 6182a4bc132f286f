import type { ReactElement } from 'react';
import { NameDialog } from '../../components/NameDialog';
import type { Location } from '../../store/location';
import { createFolder } from './object-actions';
import { nameProblem } from './names';

/** Asks for a folder name and creates `<prefix><name>/`. */
export function NewFolderDialog({ location, onClose }: { location: Location; onClose(): void }): ReactElement {
  return (
    <NameDialog
      title="New folder"
      label="Folder name"
      validate={(name) => nameProblem(name, location.prefix)}
      create={(name) => createFolder(location, name)}
      onClose={onClose}
    />
  );
}
