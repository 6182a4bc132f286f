import { createHash } from 'node:crypto';
import type { RequestContext } from '../../context.js';

/** The single owner of everything in the local bucket: the holder of its key pair. */
export interface Owner {
  ID: string;
  DisplayName: string;
}

export function ownerOf(ctx: RequestContext): Owner {
  const accessKeyId = ctx.auth.kind === 'anonymous' ? 'anonymous' : ctx.auth.accessKeyId;
  return { ID: createHash('sha256').update(accessKeyId).digest('hex'), DisplayName: 'pail' };
}
