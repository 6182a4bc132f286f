import {
  uploadStreamPath,
  type ApiResult,
  type ObjectStreamTicket,
  type TransferGroup,
  type TransferState,
  type TransferSummary,
  type TransferTarget,
  type TransfersChangedEvent,
  type UnfinishedUpload,
  type PailMethods,
} from '../../../preload/contract';

type Method<K extends keyof PailMethods> = (...args: Parameters<PailMethods[K]>) => Promise<ApiResult<ReturnType<PailMethods[K]>>>;

/** The transfer methods of the fake API. */
export type TransferMethods = {
  [
    K in
      | 'enqueueUploads'
      | 'enqueueDownloads'
      | 'enqueueCopy'
      | 'listTransfers'
      | 'pauseTransfers'
      | 'resumeTransfers'
      | 'cancelTransfers'
      | 'retryTransfers'
      | 'clearFinishedTransfers'
      | 'resolveConflicts'
      | 'getTransferDefaults'
      | 'listUnfinishedUploads'
      | 'abortUnfinishedUploads'
      | 'createObjectStream'
      | 'openObjectExternally'
      | 'dragObjectOut'
  ]: Method<K>;
};

/** What tests do to the fake queue besides calling it: move transfers along as the engine would. */
export interface FakeQueue {
  methods: TransferMethods;
  /** Changes one transfer (and its group's counts) and announces it. */
  update(id: string, patch: Partial<TransferSummary>): void;
  transfer(id: string): TransferSummary | undefined;
  all(): TransferSummary[];
}

const FINISHED: readonly TransferState[] = ['done', 'skipped', 'cancelled'];
const PREVIEWS: Record<string, ObjectStreamTicket['preview']> = {
  png: 'image',
  jpg: 'image',
  txt: 'text',
  md: 'text',
  pdf: 'pdf',
  mp3: 'audio',
  mp4: 'video',
};

function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

/**
 * A small in-memory model of the transfer queue: enqueueing makes a group and its transfers,
 * actions change states the way the engine does, and every change is announced as a
 * `didChangeTransfers` event with the changed rows only.
 */
export function createFakeQueue(
  emit: (event: TransfersChangedEvent) => void,
  unfinished: Record<string, UnfinishedUpload[]> = {},
): FakeQueue {
  const groups = new Map<string, TransferGroup>();
  const transfers = new Map<string, TransferSummary>();
  let serial = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, serial)).toISOString();

  function regroup(groupId: string): TransferGroup | undefined {
    const group = groups.get(groupId);
    if (!group) return undefined;
    const files = [...transfers.values()].filter((t) => t.groupId === groupId);
    const states = files.map((t) => t.state);
    const state: TransferState = states.some((s) => s === 'running' || s === 'queued' || s === 'waiting-for-data')
      ? 'running'
      : states.includes('failed')
        ? 'failed'
        : states.includes('conflict')
          ? 'conflict'
          : states.includes('paused')
            ? 'paused'
            : states.every((s) => s === 'cancelled')
              ? 'cancelled'
              : 'done';
    const next: TransferGroup = {
      ...group,
      files: files.length,
      done: states.filter((s) => s === 'done').length,
      failed: states.filter((s) => s === 'failed').length,
      bytes: files.reduce((sum, t) => sum + Math.max(0, t.size), 0),
      transferred: files.reduce((sum, t) => sum + t.transferred, 0),
      state,
    };
    groups.set(groupId, next);
    return next;
  }

  function announce(changed: TransferSummary[], removed: string[] = []): void {
    const groupIds = new Set(changed.map((t) => t.groupId));
    const changedGroups = [...groupIds].map(regroup).filter((g): g is TransferGroup => g !== undefined);
    emit({ groups: changedGroups, transfers: changed, removed });
  }

  function matching(target: TransferTarget): TransferSummary[] {
    return [...transfers.values()].filter((t) => 'all' in target || target.ids.includes(t.id) || target.ids.includes(t.groupId));
  }

  function change(target: TransferTarget, from: readonly TransferState[], to: (t: TransferSummary) => Partial<TransferSummary>): void {
    const changed: TransferSummary[] = [];
    for (const t of matching(target)) {
      if (!from.includes(t.state)) continue;
      const next = { ...t, ...to(t) };
      transfers.set(t.id, next);
      changed.push(next);
    }
    if (changed.length) announce(changed);
  }

  function addGroup(direction: TransferGroup['direction'], name: string, destination: string): TransferGroup {
    const group: TransferGroup = {
      id: `g${++serial}`,
      direction,
      name,
      destination,
      files: 0,
      done: 0,
      failed: 0,
      bytes: 0,
      transferred: 0,
      state: 'queued',
      createdAt: now(),
    };
    groups.set(group.id, group);
    return group;
  }

  function addTransfer(partial: Omit<TransferSummary, 'id' | 'createdAt' | 'transferred'>): TransferSummary {
    const id = `t${++serial}`;
    const transfer: TransferSummary = { id, transferred: 0, createdAt: now(), ...partial };
    if (partial.streamPath !== undefined) transfer.streamPath = uploadStreamPath(id);
    transfers.set(id, transfer);
    return transfer;
  }

  const methods: TransferMethods = {
    async enqueueUploads(request) {
      const items =
        request.files ?? (request.paths ?? []).map((path) => ({ relativePath: path.split('/').pop()!, size: 100, lastModified: 0 }));
      const top = items[0]?.relativePath.split('/')[0] ?? '';
      const name =
        items.length === 1 ? top : items.every((i) => i.relativePath.startsWith(`${top}/`)) ? top : `${top} and ${items.length - 1} more`;
      const group = addGroup('upload', name, `s3://${request.bucket}/${request.prefix}`);
      const created = items.map((item) =>
        addTransfer({
          groupId: group.id,
          direction: 'upload',
          name: item.relativePath.split('/').pop()!,
          target: { connectionId: request.connectionId, bucket: request.bucket, key: request.prefix + item.relativePath },
          size: item.size,
          state: request.files ? 'waiting-for-data' : 'queued',
          ...(request.files ? { streamPath: '' } : {}),
        }),
      );
      announce(created);
      return ok({ groupId: group.id, transfers: created.map((t) => transfers.get(t.id)!) });
    },
    async enqueueDownloads(request) {
      const names = [...request.keys, ...request.prefixes];
      const group = addGroup('download', names[0] ?? '', request.destination);
      const created = names.map((key) =>
        addTransfer({
          groupId: group.id,
          direction: 'download',
          name: key.replace(/\/$/, '').split('/').pop()!,
          target: { connectionId: request.connectionId, bucket: request.bucket, key },
          localPath: `${request.destination}/${key.split('/').pop()}`,
          size: 100,
          state: 'queued',
        }),
      );
      announce(created);
      return ok({ groupId: group.id, transfers: created });
    },
    async enqueueCopy() {
      return { ok: false, error: { code: 'unsupported', message: 'Not modelled by the fake API.' } };
    },
    async listTransfers() {
      return ok({ groups: [...groups.values()], transfers: [...transfers.values()] });
    },
    async pauseTransfers(target) {
      change(target, ['queued', 'running', 'waiting-for-data'], () => ({ state: 'paused' }));
      return ok(null);
    },
    async resumeTransfers(target) {
      change(target, ['paused'], (t) => ({ state: t.streamPath ? 'waiting-for-data' : 'queued' }));
      return ok(null);
    },
    async cancelTransfers(target) {
      change(target, ['queued', 'running', 'paused', 'waiting-for-data', 'conflict', 'failed'], () => ({ state: 'cancelled' }));
      return ok(null);
    },
    async retryTransfers(target) {
      change(target, ['failed'], (t) => ({ state: t.streamPath ? 'waiting-for-data' : 'queued', error: undefined }));
      return ok(null);
    },
    async clearFinishedTransfers() {
      const gone = [...transfers.values()].filter((t) => FINISHED.includes(t.state));
      for (const t of gone) transfers.delete(t.id);
      const emptied = [...groups.keys()].filter((id) => ![...transfers.values()].some((t) => t.groupId === id));
      for (const id of emptied) groups.delete(id);
      emit({ groups: [], transfers: [], removed: [...gone.map((t) => t.id), ...emptied] });
      return ok(null);
    },
    async resolveConflicts(target, choice) {
      change(target, ['conflict'], (t) => ({ state: choice === 'skip' ? 'skipped' : t.streamPath ? 'waiting-for-data' : 'queued' }));
      return ok(null);
    },
    async getTransferDefaults() {
      return ok({ downloadDir: '/home/me/Downloads' });
    },
    async listUnfinishedUploads(_connectionId, bucket) {
      return ok([...(unfinished[bucket] ?? [])]);
    },
    async abortUnfinishedUploads(_connectionId, bucket, uploads) {
      const ids = new Set(uploads.map((u) => u.uploadId));
      const before = unfinished[bucket] ?? [];
      unfinished[bucket] = before.filter((u) => !ids.has(u.uploadId));
      return ok({ aborted: before.length - unfinished[bucket].length });
    },
    async createObjectStream(_connectionId, _bucket, key, disposition) {
      const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
      return ok({
        path: `/api/stream/download/ticket-${++serial}`,
        contentType: 'application/octet-stream',
        size: 100,
        preview: disposition === 'inline' ? (PREVIEWS[ext] ?? null) : null,
      });
    },
    async openObjectExternally() {
      return ok(null);
    },
    async dragObjectOut() {
      return ok({ started: false });
    },
  };

  return {
    methods,
    update(id, patch) {
      const t = transfers.get(id);
      if (!t) throw new Error(`no transfer ${id}`);
      const next = { ...t, ...patch };
      transfers.set(id, next);
      announce([next]);
    },
    transfer: (id) => transfers.get(id),
    all: () => [...transfers.values()],
  };
}
