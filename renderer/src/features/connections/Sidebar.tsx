import type { ReactElement } from 'react';
import { DriveIcon, GearIcon, ImportIcon, LinkIcon, PlusIcon } from '../../components/icons';
import { useStore } from '../../store/store';
import { ConnectionTree } from './ConnectionTree';
import './Sidebar.css';

/** The left pane: the connection tree and the commands that add to it. */
export function Sidebar(): ReactElement {
  const openDialog = useStore((state) => state.openDialog);
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <div className="sidebar-header">
        <h2 className="sidebar-title">Connections</h2>
      </div>
      <div className="sidebar-tree">
        <ConnectionTree />
      </div>
      <div className="sidebar-footer">
        <button type="button" className="sidebar-button" onClick={() => openDialog({ kind: 'connection', connectionId: null })}>
          <PlusIcon /> Add connection
        </button>
        <button type="button" className="sidebar-button" onClick={() => openDialog({ kind: 'import-aws' })}>
          <ImportIcon /> Import from AWS
        </button>
        <button type="button" className="sidebar-button" onClick={() => openDialog({ kind: 'local-bucket' })}>
          <DriveIcon /> Local bucket settings
        </button>
        <button type="button" className="sidebar-button" onClick={() => openDialog({ kind: 'shared-links' })}>
          <LinkIcon /> Shared links
        </button>
        <button type="button" className="sidebar-button" onClick={() => openDialog({ kind: 'settings' })}>
          <GearIcon /> Settings
        </button>
      </div>
    </aside>
  );
}
