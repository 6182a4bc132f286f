import { mkdir, readFile } from 'node:fs/promises';
import { chooseSecretStore } from '../services/credentials/choose-secret-store.js';
import { ConnectionStore } from '../services/credentials/connection-store.js';
import { openKeytarSecretStore } from '../services/credentials/keytar-secret-store.js';
import { EventHub } from '../services/events/event-sink.js';
import { OperationRegistry } from '../services/operations/index.js';
import { LocalBucketManager } from '../services/local-bucket/local-bucket-manager.js';
import { ObjectStreams, TransferEngine } from '../services/transfers/index.js';
import { ClientRegistry } from '../services/s3/client-registry.js';
import { SettingsStore } from '../services/settings/settings-store.js';
import { SharingService } from '../services/sharing/sharing-service.js';
import type { PailCore, PailCoreOptions } from './core-types.js';
import { createHandlerTable } from './handlers/index.js';
import { sharingBackend } from './sharing-backend.js';

/**
 * Builds Pail's services and the handler table over them. Electron's main process and browser
 * mode (`pail serve`) both call this, so both run the very same code.
 */
export async function createPailCore(options: PailCoreOptions): Promise<PailCore> {
  await mkdir(options.pailHome, { recursive: true });
  const events = new EventHub();
  const secretStore =
    options.secretStore ??
    (await chooseSecretStore({
      ...(options.fallbackSecretStore ? { fallback: options.fallbackSecretStore } : {}),
      keytar: openKeytarSecretStore,
    }));
  const connections = await ConnectionStore.open(options.pailHome, secretStore);
  const settings = await SettingsStore.open(options.pailHome);
  const localBucket = await LocalBucketManager.open(options.pailHome, secretStore, events);
  const clients = new ClientRegistry(connections, localBucket);
  if (options.startLocalBucket !== false) await localBucket.start();
  const sharing = await SharingService.open(options.pailHome, sharingBackend(clients));
  const operations = new OperationRegistry((e) => events.emit('didProgress', e));
  const clientSource = { client: (id: string) => clients.client(id) };
  const transfers = await TransferEngine.open({
    pailHome: options.pailHome,
    clients: clientSource,
    emit: (e) => events.emit('didChangeTransfers', e),
    registerOperation: (id, cancel) => operations.register(id, cancel),
    filesAtOnce: settings.get().transferFilesAtOnce,
    partsPerFile: settings.get().transferPartsPerFile,
    ...options.transfers,
  });
  // The queue limits are settings: a change applies to the running queue at once.
  const stopFollowingSettings = settings.onChange((s) =>
    transfers.setLimits({ filesAtOnce: s.transferFilesAtOnce, partsPerFile: s.transferPartsPerFile }),
  );
  const objectStreams = new ObjectStreams(clientSource);
  const handlers = createHandlerTable({
    version: options.version ?? (await packageVersion()),
    transport: options.transport,
    secretStore,
    connections,
    clients,
    localBucket,
    settings,
    events,
    sharing,
    operations,
    transfers,
    objectStreams,
    ...(options.openPath ? { openPath: options.openPath } : {}),
    ...(options.startDrag ? { startDrag: options.startDrag } : {}),
    ...(options.writeClipboard ? { writeClipboard: options.writeClipboard } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    handlers,
    events,
    transfers,
    objectStreams,
    async close() {
      stopFollowingSettings();
      await transfers.close();
      await sharing.close();
      clients.close();
      await localBucket.close();
    },
  };
}

async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
