import { presetEndpoint } from '../../../preload/contract/provider-endpoints.js';
import type { ConnectionInput, ProviderKind } from '../../../preload/contract/types.js';
import { PailError } from '../errors/pail-error.js';

/** Where and how to reach a provider, resolved from what the connection form asked for. */
export interface ResolvedEndpoint {
  /** Empty for AWS: the SDK chooses the regional endpoint. */
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
}

/** Form input that cannot make a connection; the message says what to fill in. */
function invalidInput(message: string): PailError {
  return new PailError('invalid-input', message);
}

/** Human names of the presets, for messages. */
export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  aws: 'AWS S3',
  r2: 'Cloudflare R2',
  b2: 'Backblaze B2',
  wasabi: 'Wasabi',
  spaces: 'DigitalOcean Spaces',
  minio: 'MinIO',
  custom: 'Custom S3-compatible',
  local: 'Local bucket',
};

/**
 * Applies a provider preset: R2 derives its endpoint from the account id, B2/Wasabi/Spaces from
 * the region; MinIO and custom endpoints default to path-style addressing, which they all support.
 */
export function resolveEndpoint(input: ConnectionInput): ResolvedEndpoint {
  const region = input.region?.trim() ?? '';
  const endpoint = input.endpoint?.trim() ?? '';
  const need = (value: string, what: string) => {
    if (!value) throw invalidInput(`${PROVIDER_NAMES[input.provider]} needs ${what}.`);
    return value;
  };
  switch (input.provider) {
    case 'aws':
      return { endpoint: '', region: region || 'us-east-1', forcePathStyle: input.forcePathStyle ?? false };
    case 'r2': {
      const account = need(input.accountId?.trim() ?? '', 'an account ID (Cloudflare dashboard → R2 → Account ID)');
      if (!/^[0-9a-f]{32}$/i.test(account)) throw invalidInput('A Cloudflare account ID is 32 hexadecimal characters.');
      return { endpoint: presetEndpoint('r2', { region: '', accountId: account })!, region: 'auto', forcePathStyle: true };
    }
    case 'b2': {
      const r = need(region, "a region, such as us-west-004 (it is part of the bucket's S3 endpoint)");
      return { endpoint: presetEndpoint('b2', { region: r, accountId: '' })!, region: r, forcePathStyle: false };
    }
    case 'wasabi': {
      const r = region || 'us-east-1';
      return { endpoint: presetEndpoint('wasabi', { region: r, accountId: '' })!, region: r, forcePathStyle: false };
    }
    case 'spaces': {
      const r = need(region, 'a region, such as nyc3');
      return { endpoint: presetEndpoint('spaces', { region: r, accountId: '' })!, region: r, forcePathStyle: false };
    }
    case 'minio':
    case 'custom':
    case 'local': {
      const url = need(endpoint, 'an endpoint URL, such as http://127.0.0.1:9000');
      if (!/^https?:\/\/[^/\s]+/i.test(url))
        throw invalidInput('The endpoint must be an http:// or https:// URL, such as https://s3.example.com.');
      return { endpoint: url.replace(/\/+$/, ''), region: region || 'us-east-1', forcePathStyle: input.forcePathStyle ?? true };
    }
  }
}
