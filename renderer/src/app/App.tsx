import { useEffect, type ReactElement } from 'react';
import { Alerts } from '../components/Alerts';
import { BrowserPane } from '../features/browser/BrowserPane';
import { SessionBanner } from '../features/connections/SessionBanner';
import { Sidebar } from '../features/connections/Sidebar';
import { applyTheme } from '../features/settings/theme';
import { DropHint } from '../features/transfers/DropHint';
import { FilePickers } from '../features/transfers/FilePickers';
import { guardWindowDrops } from '../features/transfers/drop-target';
import { TransfersPanel } from '../features/transfers/TransfersPanel';
import { useStore } from '../store/store';
import { ContextMenuHost } from './ContextMenuHost';
import { DialogHost } from './DialogHost';
import './App.css';

/** The window: banner and alerts on top, the connection tree left, the object browser right, the transfer queue below. */
export function App(): ReactElement {
  const theme = useStore((state) => state.settings.theme);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => guardWindowDrops(), []);
  return (
    <div className="app">
      <SessionBanner />
      <Alerts />
      <div className="workspace">
        <Sidebar />
        <BrowserPane />
      </div>
      <TransfersPanel />
      <DropHint />
      <FilePickers />
      <DialogHost />
      <ContextMenuHost />
    </div>
  );
}
