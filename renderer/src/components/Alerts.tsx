import { useEffect, type ReactElement } from 'react';
import { useStore } from '../store/store';
import { CloseIcon } from './icons';
import './Alerts.css';

/** How long a confirmation like "Copied S3 URI" stays up. */
const NOTICE_MS = 4000;

/** Errors from any call, each until dismissed, and the latest short confirmation. */
export function Alerts(): ReactElement {
  const alerts = useStore((state) => state.alerts);
  const dismissAlert = useStore((state) => state.dismissAlert);
  const notice = useStore((state) => state.notice);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => {
      // Only clear the notice this timer was for, not a newer one.
      useStore.setState((state) => (state.notice?.id === notice.id ? { notice: null } : {}));
    }, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <div className="alerts">
      {alerts.map((alert) => (
        <div key={alert.id} role="alert" className="alert">
          <span className="alert-message">{alert.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss" onClick={() => dismissAlert(alert.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
      <div role="status" className={notice ? 'notice' : 'notice notice-empty'}>
        {notice?.message}
      </div>
    </div>
  );
}
