import type { ObjectEntry, ObjectSelection, ObjectStreamTicket } from '../../../preload/contract';
import type { Location } from './location';
import type { SetState } from './state';

/** The one dialog open at a time, with what it acts on. */
export type DialogState =
  | { kind: 'connection'; connectionId: string | null }
  | { kind: 'import-aws' }
  | { kind: 'remove-connection'; connectionId: string }
  | { kind: 'new-bucket'; connectionId: string }
  | { kind: 'delete-bucket'; connectionId: string; bucket: string }
  | { kind: 'new-folder'; location: Location }
  | { kind: 'rename'; location: Location; entry: ObjectEntry }
  | { kind: 'delete'; selection: ObjectSelection }
  | { kind: 'download-to'; selection: ObjectSelection }
  | { kind: 'preview'; location: Location; key: string; ticket: ObjectStreamTicket }
  | { kind: 'unfinished-uploads'; connectionId: string; bucket: string }
  | { kind: 'local-bucket' }
  | { kind: 'settings' }
  | { kind: 'share'; connectionId: string; bucket: string; key: string; size?: number }
  | { kind: 'shared-links' }
  | { kind: 'bucket-cors'; connectionId: string; bucket: string };

/** An open context menu: of the object list, or of one tree node. */
export type ContextMenuState = { target: 'objects'; x: number; y: number } | { target: 'tree'; nodeId: string; x: number; y: number };

/** An error a person has not dismissed yet. */
export interface AlertMessage {
  id: number;
  message: string;
}

export interface UiSlice {
  dialog: DialogState | null;
  contextMenu: ContextMenuState | null;
  alerts: readonly AlertMessage[];
  /** A short confirmation ("Copied S3 URI"), announced politely. */
  notice: AlertMessage | null;
  propertiesOpen: boolean;
  bannerDismissed: boolean;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  openContextMenu(menu: ContextMenuState): void;
  closeContextMenu(): void;
  pushAlert(message: string): void;
  dismissAlert(id: number): void;
  showNotice(message: string): void;
  setPropertiesOpen(open: boolean): void;
  dismissBanner(): void;
}

let nextMessageId = 1;

export function createUiSlice(set: SetState): UiSlice {
  return {
    dialog: null,
    contextMenu: null,
    alerts: [],
    notice: null,
    propertiesOpen: true,
    bannerDismissed: false,
    openDialog(dialog) {
      set({ dialog, contextMenu: null });
    },
    closeDialog() {
      set({ dialog: null });
    },
    openContextMenu(contextMenu) {
      set({ contextMenu });
    },
    closeContextMenu() {
      set({ contextMenu: null });
    },
    pushAlert(message) {
      // The same error twice in a row (a retry that failed again) stays one alert.
      set((state) => (state.alerts.at(-1)?.message === message ? {} : { alerts: [...state.alerts, { id: nextMessageId++, message }] }));
    },
    dismissAlert(id) {
      set((state) => ({ alerts: state.alerts.filter((alert) => alert.id !== id) }));
    },
    showNotice(message) {
      set({ notice: { id: nextMessageId++, message } });
    },
    setPropertiesOpen(propertiesOpen) {
      set({ propertiesOpen });
    },
    dismissBanner() {
      set({ bannerDismissed: true });
    },
  };
}
