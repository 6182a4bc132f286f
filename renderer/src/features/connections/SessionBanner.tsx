import type { ReactElement } from 'react';
import { CloseIcon } from '../../components/icons';
import { useStore } from '../../store/store';
import './SessionBanner.css';

/** Says, while it matters, that secrets entered now are forgotten when Pail quits. */
export function SessionBanner(): ReactElement | null {
  const sessionOnly = useStore((state) => state.appInfo?.secretStorage === 'session');
  const dismissed = useStore((state) => state.bannerDismissed);
  const dismiss = useStore((state) => state.dismissBanner);
  if (!sessionOnly || dismissed) return null;
  return (
    <div className="session-banner" role="status">
      <span>
        <strong>Secrets will not be remembered after Pail quits.</strong> No keychain is available on this system (such as GNOME Keyring,
        KWallet or the macOS Keychain), so secret access keys are kept in memory for this session only and must be entered again next time.
      </span>
      <button type="button" className="icon-button" aria-label="Dismiss notice" title="Dismiss" onClick={dismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
