import type { ProviderKind } from './types.js';

/**
 * The S3 endpoint a provider preset derives from what the connection form asks for: R2 from the
 * account id, Backblaze B2, Wasabi and DigitalOcean Spaces from the region. Null where the person
 * types the endpoint (MinIO, custom, the local bucket), where AWS's SDK picks it, or while the
 * value it needs is empty. The one place these URLs are written: main resolves connections with
 * it and the connection form shows it.
 */
export function presetEndpoint(provider: ProviderKind, values: { region: string; accountId: string }): string | null {
  const region = values.region.trim();
  switch (provider) {
    case 'r2': {
      const account = values.accountId.trim().toLowerCase();
      return account ? `https://${account}.r2.cloudflarestorage.com` : null;
    }
    case 'b2':
      return region ? `https://s3.${region}.backblazeb2.com` : null;
    case 'wasabi':
      return region ? `https://s3.${region}.wasabisys.com` : null;
    case 'spaces':
      return region ? `https://${region}.digitaloceanspaces.com` : null;
    default:
      return null;
  }
}
