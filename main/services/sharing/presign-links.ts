import type { PresignResult } from '../../../preload/contract/types.js';
import { decideExpiry, skewWarning } from './expiry-policy.js';
import {
  createPresignClient,
  curlUploadCommand,
  endpointOf,
  isLoopbackEndpoint,
  presignUrl,
  resolveCredentials,
  type PresignTarget,
} from './presigner.js';

/** What to sign, for whom, and how long it should last. */
export interface PresignLinksInput {
  target: PresignTarget;
  bucket: string;
  keys: string[];
  method: 'GET' | 'PUT';
  expiresIn: number;
  contentType?: string;
  downloadAs?: string;
  responseContentType?: string;
  /** Server clock minus ours, in seconds, if measured. */
  skewSeconds?: number | undefined;
  /** The signing clock (tests); now when absent. */
  now?: Date;
}

/**
 * Signs one link per key with the expiry the policy allows, and reports what the person must
 * know: a shorter life forced by temporary credentials, a skewed clock, a link that works on this
 * computer only, and for one upload link the exact curl command.
 */
export async function presignLinks(input: PresignLinksInput): Promise<PresignResult> {
  const now = input.now ?? new Date();
  const credentials = await resolveCredentials(input.target);
  const decision = decideExpiry({
    requestedSeconds: input.expiresIn,
    credentialsExpireAt: credentials.expiration,
    temporary: credentials.sessionToken !== undefined,
    now,
  });
  const client = createPresignClient(input.target);
  try {
    const links: PresignResult['links'] = [];
    for (const key of input.keys) {
      const url = await presignUrl(client, {
        bucket: input.bucket,
        key,
        method: input.method,
        expiresIn: decision.seconds,
        signingDate: now,
        ...(input.method === 'PUT' && input.contentType ? { contentType: input.contentType } : {}),
        ...(input.method === 'GET' && input.downloadAs ? { downloadAs: input.downloadAs } : {}),
        ...(input.method === 'GET' && input.responseContentType ? { responseContentType: input.responseContentType } : {}),
      });
      links.push({ key, url });
    }
    const result: PresignResult = {
      links,
      method: input.method,
      expiresIn: decision.seconds,
      expiresAt: decision.expiresAt.toISOString(),
      localOnly: isLoopbackEndpoint(endpointOf(input.target)),
    };
    if (decision.clampReason) result.clampReason = decision.clampReason;
    if (decision.note) result.credentialsNote = decision.note;
    if (input.skewSeconds !== undefined) result.clockSkewSeconds = input.skewSeconds;
    const warning = skewWarning(input.skewSeconds);
    if (warning) result.skewWarning = warning;
    if (input.method === 'PUT' && links.length === 1) result.curl = curlUploadCommand(links[0]!.url, input.contentType);
    return result;
  } finally {
    client.destroy();
  }
}
