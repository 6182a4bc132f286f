import { objectUrl } from '../../services/s3/client-registry.js';
import { listFolders, runListing } from '../../services/s3/listing-service.js';
import { countSelection, createFolder, deleteSelection, moveObjects, objectDetails } from '../../services/s3/object-ops.js';
import { listingRequest, moveRequest, objectSelection, operationSelection, schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Listing, folders, delete, move and details of the objects in a bucket. */
export function objectHandlers({ clients, events, operations }: HandlerDeps) {
  // A new listing with the same id (the same pane navigating) supersedes the one still running.
  const listings = new Map<string, AbortController>();
  return {
    listObjects: {
      args: [listingRequest],
      async run(request) {
        const source = await clients.pageSource(request.connectionId, request.bucket, request.prefix);
        const controller = new AbortController();
        listings.get(request.listingId)?.abort();
        listings.set(request.listingId, controller);
        try {
          return await runListing({
            listingId: request.listingId,
            prefix: request.prefix,
            source,
            signal: controller.signal,
            onPage: (page) => events.emit('didListPage', page),
          });
        } finally {
          if (listings.get(request.listingId) === controller) listings.delete(request.listingId);
        }
      },
    },
    cancelListing: {
      args: [schemas.id],
      async run(listingId) {
        listings.get(listingId)?.abort();
        return null;
      },
    },
    listFolders: {
      args: [schemas.id, schemas.bucket, schemas.key],
      run: async (id, bucket, prefix) => listFolders(await clients.pageSource(id, bucket, prefix), prefix),
    },
    createFolder: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      async run(id, bucket, key) {
        await createFolder(await clients.client(id), bucket, key);
        return null;
      },
    },
    countObjects: {
      args: [objectSelection],
      run: async (selection) => countSelection(await clients.client(selection.connectionId), selection),
    },
    deleteObjects: {
      args: [operationSelection],
      run: async (selection) => {
        const client = await clients.client(selection.connectionId);
        return operations.run(selection.operationId, 'delete', (op) => deleteSelection(client, selection, op));
      },
    },
    moveObjects: {
      args: [moveRequest],
      run: async (request) => {
        const client = await clients.client(request.connectionId);
        return operations.run(request.operationId, 'move', (op) => moveObjects(client, request.bucket, request.from, request.to, op));
      },
    },
    getObjectDetails: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      run: async (id, bucket, key) => objectDetails(await clients.client(id), bucket, key, objectUrl(clients.profile(id), bucket, key)),
    },
  } satisfies DomainHandlers;
}
