import { presetEndpoint, type ConnectionInput, type ConnectionProfile, type ProviderKind } from '../../../../preload/contract';

/** Which fields a provider's form shows beyond name and keys. */
export type PresetField = 'region' | 'accountId' | 'endpoint' | 'pathStyle';

/** A provider choice of the connection form. */
export interface ProviderPreset {
  kind: ProviderKind;
  label: string;
  fields: readonly PresetField[];
  regionPlaceholder?: string;
  /** Used when the region is left empty; without one the region is required. */
  defaultRegion?: string;
}

/** The providers a person can pick, in the order the form lists them. */
export const PROVIDERS: readonly ProviderPreset[] = [
  { kind: 'aws', label: 'AWS S3', fields: ['region'], regionPlaceholder: 'us-east-1', defaultRegion: 'us-east-1' },
  { kind: 'r2', label: 'Cloudflare R2', fields: ['accountId'] },
  { kind: 'b2', label: 'Backblaze B2', fields: ['region'], regionPlaceholder: 'us-west-004' },
  { kind: 'wasabi', label: 'Wasabi', fields: ['region'], regionPlaceholder: 'us-east-1', defaultRegion: 'us-east-1' },
  { kind: 'spaces', label: 'DigitalOcean Spaces', fields: ['region'], regionPlaceholder: 'nyc3' },
  {
    kind: 'minio',
    label: 'MinIO',
    fields: ['endpoint', 'region', 'pathStyle'],
    regionPlaceholder: 'us-east-1',
    defaultRegion: 'us-east-1',
  },
  {
    kind: 'custom',
    label: 'Custom S3-compatible',
    fields: ['endpoint', 'region', 'pathStyle'],
    regionPlaceholder: 'us-east-1',
    defaultRegion: 'us-east-1',
  },
];

export function presetOf(kind: ProviderKind): ProviderPreset {
  return PROVIDERS.find((preset) => preset.kind === kind) ?? PROVIDERS[PROVIDERS.length - 1]!;
}

/** Everything the connection form edits, as text (what the inputs hold). */
export interface ConnectionFormValues {
  name: string;
  provider: ProviderKind;
  region: string;
  accountId: string;
  endpoint: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * A new connection's form. It opens on "Custom S3-compatible", whose endpoint field MinIO, Ceph or a
 * local server needs; AWS and the other presets are one choice away, first in the form.
 */
export const EMPTY_FORM: ConnectionFormValues = {
  name: '',
  provider: 'custom',
  region: '',
  accountId: '',
  endpoint: '',
  forcePathStyle: true,
  accessKeyId: '',
  secretAccessKey: '',
};

/** The form filled from a saved connection; the secret stays empty ("keep the stored one"). */
export function formFromProfile(profile: ConnectionProfile): ConnectionFormValues {
  return {
    name: profile.name,
    provider: profile.provider,
    region: profile.region === 'auto' ? '' : profile.region,
    accountId: profile.accountId ?? '',
    endpoint: profile.endpoint,
    forcePathStyle: profile.forcePathStyle,
    accessKeyId: profile.accessKeyId,
    secretAccessKey: '',
  };
}

/** The endpoint a preset derives from the account id or region, or null when it is typed in (or AWS picks it). */
export function derivedEndpoint(values: Pick<ConnectionFormValues, 'provider' | 'region' | 'accountId'>): string | null {
  const region = values.region.trim() || presetOf(values.provider).defaultRegion || '';
  return presetEndpoint(values.provider, { region, accountId: values.accountId });
}

/** What is missing or wrong, by field; Test does not need a name. */
export function formProblems(
  values: ConnectionFormValues,
  options: { editing: boolean; forTest?: boolean },
): Partial<Record<keyof ConnectionFormValues, string>> {
  const problems: Partial<Record<keyof ConnectionFormValues, string>> = {};
  const preset = presetOf(values.provider);
  if (!options.forTest && !values.name.trim()) problems.name = 'Enter a name for this connection.';
  if (preset.fields.includes('region') && !preset.defaultRegion && !values.region.trim()) {
    problems.region = `Enter the region, such as ${preset.regionPlaceholder}.`;
  }
  if (preset.fields.includes('accountId')) {
    const account = values.accountId.trim();
    if (!account) problems.accountId = 'Enter the account ID (Cloudflare dashboard → R2 → Account ID).';
    else if (!/^[0-9a-f]{32}$/i.test(account)) problems.accountId = 'A Cloudflare account ID is 32 hexadecimal characters.';
  }
  if (preset.fields.includes('endpoint')) {
    if (!values.endpoint.trim()) problems.endpoint = 'Enter the endpoint URL, such as http://127.0.0.1:9000.';
    else if (!/^https?:\/\/[^/\s]+/i.test(values.endpoint.trim())) problems.endpoint = 'The endpoint must start with http:// or https://.';
  }
  if (!values.accessKeyId.trim()) problems.accessKeyId = 'Enter the access key ID.';
  if (!options.editing && !values.secretAccessKey) problems.secretAccessKey = 'Enter the secret access key.';
  return problems;
}

/** What is sent to main: only the fields the provider uses; an empty secret while editing means "keep it". */
export function toConnectionInput(values: ConnectionFormValues): ConnectionInput {
  const preset = presetOf(values.provider);
  const input: ConnectionInput = { name: values.name.trim(), provider: values.provider, accessKeyId: values.accessKeyId.trim() };
  if (values.secretAccessKey) input.secretAccessKey = values.secretAccessKey;
  if (values.provider === 'r2') {
    input.accountId = values.accountId.trim().toLowerCase();
    input.region = 'auto';
  } else if (preset.fields.includes('region')) {
    input.region = values.region.trim() || preset.defaultRegion || '';
  }
  const derived = derivedEndpoint(values);
  if (derived) input.endpoint = derived;
  if (preset.fields.includes('endpoint')) input.endpoint = values.endpoint.trim().replace(/\/+$/, '');
  if (preset.fields.includes('pathStyle')) input.forcePathStyle = values.forcePathStyle;
  return input;
}
