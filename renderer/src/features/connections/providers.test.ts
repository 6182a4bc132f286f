import { describe, expect, it } from 'vitest';
import { derivedEndpoint, EMPTY_FORM, formProblems, toConnectionInput, type ConnectionFormValues } from './providers';

const account = '0123456789abcdef0123456789abcdef';
const form = (patch: Partial<ConnectionFormValues>): ConnectionFormValues => ({
  ...EMPTY_FORM,
  provider: 'aws',
  name: 'n',
  accessKeyId: 'AK',
  secretAccessKey: 'S',
  ...patch,
});

describe('provider presets', () => {
  it('derives endpoints from account id or region', () => {
    expect(derivedEndpoint({ provider: 'r2', accountId: account, region: '' })).toBe(`https://${account}.r2.cloudflarestorage.com`);
    expect(derivedEndpoint({ provider: 'b2', accountId: '', region: 'us-west-004' })).toBe('https://s3.us-west-004.backblazeb2.com');
    expect(derivedEndpoint({ provider: 'wasabi', accountId: '', region: 'eu-central-1' })).toBe('https://s3.eu-central-1.wasabisys.com');
    expect(derivedEndpoint({ provider: 'spaces', accountId: '', region: 'nyc3' })).toBe('https://nyc3.digitaloceanspaces.com');
    expect(derivedEndpoint({ provider: 'aws', accountId: '', region: 'eu-west-1' })).toBeNull();
    expect(derivedEndpoint({ provider: 'b2', accountId: '', region: '' })).toBeNull();
  });

  it('sends R2 with region auto and its account id', () => {
    expect(toConnectionInput(form({ provider: 'r2', accountId: account.toUpperCase() }))).toEqual({
      name: 'n',
      provider: 'r2',
      accessKeyId: 'AK',
      secretAccessKey: 'S',
      accountId: account,
      region: 'auto',
      endpoint: `https://${account}.r2.cloudflarestorage.com`,
    });
  });

  it('sends MinIO with its endpoint and path style', () => {
    expect(toConnectionInput(form({ provider: 'minio', endpoint: 'http://127.0.0.1:9000/', forcePathStyle: true }))).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
    });
  });

  it('omits an empty secret so an edit keeps the stored one', () => {
    expect(toConnectionInput(form({ secretAccessKey: '' }))).not.toHaveProperty('secretAccessKey');
  });

  it('explains what is missing', () => {
    expect(formProblems(form({ name: '', provider: 'b2' }), { editing: false })).toMatchObject({
      name: expect.any(String),
      region: expect.stringContaining('us-west-004'),
    });
    expect(formProblems(form({ provider: 'r2', accountId: 'nope' }), { editing: false }).accountId).toMatch(/32 hexadecimal/);
    expect(formProblems(form({ secretAccessKey: '' }), { editing: true })).toEqual({});
    expect(formProblems(form({ secretAccessKey: '' }), { editing: false }).secretAccessKey).toBeDefined();
    expect(formProblems(form({ name: '' }), { editing: false, forTest: true })).toEqual({});
  });
});
