import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PailError } from '../../main/services/errors/pail-error.js';
import { listAwsProfiles, readAwsProfileSecret } from '../../main/services/credentials/aws-profiles.js';
import { parseIni } from '../../main/services/credentials/ini-file.js';

let home: string;
/** Options pointing at the temp home with an empty environment, so the real ~/.aws is never read. */
let opts: { homeDir: string; env: Record<string, string> };

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-aws-'));
  await mkdir(join(home, '.aws'));
  opts = { homeDir: home, env: {} };
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function awsFiles(files: { credentials?: string; config?: string }): Promise<void> {
  if (files.credentials !== undefined) await writeFile(join(home, '.aws', 'credentials'), files.credentials);
  if (files.config !== undefined) await writeFile(join(home, '.aws', 'config'), files.config);
}

const ssoHint = (name: string): string =>
  `Run "aws sso login --profile ${name}", then use "aws configure export-credentials --profile ${name}" for keys, or add the connection with keys.`;

describe('listAwsProfiles', () => {
  it('finds nothing when the files are missing', async () => {
    await rm(join(home, '.aws'), { recursive: true });
    expect(await listAwsProfiles(opts)).toEqual([]);
  });

  it('merges both files per profile, default first, then by name', async () => {
    await awsFiles({
      credentials: [
        '# keys live here',
        '[zeta]',
        'aws_access_key_id = AKIAZETA',
        'aws_secret_access_key = zetaSecret',
        '',
        '[default]',
        'aws_access_key_id=AKIADEFAULT',
        'aws_secret_access_key=defaultSecret',
        '[alpha]',
        'aws_access_key_id = ASIAALPHA',
        'aws_secret_access_key = alphaSecret',
        'aws_session_token = alphaToken',
      ].join('\n'),
      config: [
        '[default]',
        'region = eu-west-1',
        '[profile zeta]',
        'region = us-east-2',
        '; a comment with ; and #',
        '[profile alpha]',
        'output = json',
      ].join('\n'),
    });
    expect(await listAwsProfiles(opts)).toEqual([
      { name: 'default', kind: 'static', accessKeyId: 'AKIADEFAULT', region: 'eu-west-1' },
      { name: 'alpha', kind: 'session', accessKeyId: 'ASIAALPHA' },
      { name: 'zeta', kind: 'static', accessKeyId: 'AKIAZETA', region: 'us-east-2' },
    ]);
  });

  it('lists a profile found only in the config file', async () => {
    await awsFiles({
      config: ['[profile cfg-only]', 'aws_access_key_id = AKIACFG', 'aws_secret_access_key = cfgSecret', 'region = ap-south-1'].join('\n'),
    });
    expect(await listAwsProfiles(opts)).toEqual([{ name: 'cfg-only', kind: 'static', accessKeyId: 'AKIACFG', region: 'ap-south-1' }]);
  });

  it('reads [profile x] only in config and [x] only in credentials; other sections are not profiles', async () => {
    await awsFiles({
      config: [
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '[services local]',
        's3 =',
        '  endpoint_url = http://127.0.0.1:9000',
        '[bare]',
        'region = us-east-1',
        '[profile default]',
        'region = eu-central-1',
      ].join('\n'),
      credentials: [
        '[profile odd]',
        'aws_access_key_id = AKIAODD',
        'aws_secret_access_key = x',
        '[default]',
        'aws_access_key_id = AKIAD',
        'aws_secret_access_key = y',
      ].join('\n'),
    });
    const names = (await listAwsProfiles(opts)).map((p) => p.name);
    expect(names).toEqual(['default']);
    expect((await listAwsProfiles(opts))[0]).toMatchObject({ region: 'eu-central-1', kind: 'static' });
  });

  it('classifies SSO profiles with a hint, and never offers their key id', async () => {
    await awsFiles({
      config: [
        '[profile legacy-sso]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-west-2',
        '[profile new-sso]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
      ].join('\n'),
    });
    expect(await listAwsProfiles(opts)).toEqual([
      { name: 'legacy-sso', kind: 'sso', region: 'us-west-2', hint: ssoHint('legacy-sso') },
      { name: 'new-sso', kind: 'sso', hint: ssoHint('new-sso') },
    ]);
  });

  it('marks roles, credential processes and web identity as unsupported, naming what they use', async () => {
    await awsFiles({
      credentials: ['[base]', 'aws_access_key_id = AKIABASE', 'aws_secret_access_key = baseSecret'].join('\n'),
      config: [
        '[profile role]',
        'role_arn = arn:aws:iam::123456789012:role/Admin',
        'source_profile = base',
        '[profile process]',
        'credential_process = /usr/local/bin/get-keys --json',
        '[profile web]',
        'role_arn = arn:aws:iam::123456789012:role/Web',
        'web_identity_token_file = /var/run/token',
        '[profile webonly]',
        'web_identity_token_file = /var/run/token',
        '[profile halfkey]',
        'aws_access_key_id = AKIAHALF',
        '[profile settings-only]',
        'region = eu-north-1',
      ].join('\n'),
    });
    const byName = Object.fromEntries((await listAwsProfiles(opts)).map((p) => [p.name, p]));
    expect(byName.base?.kind).toBe('static');
    expect(byName.role).toMatchObject({ kind: 'unsupported', hint: expect.stringContaining('role_arn') });
    expect(byName.web).toMatchObject({ kind: 'unsupported', hint: expect.stringContaining('role_arn') });
    expect(byName.webonly).toMatchObject({ kind: 'unsupported', hint: expect.stringContaining('web_identity_token_file') });
    expect(byName.process).toMatchObject({ kind: 'unsupported', hint: expect.stringContaining('credential_process') });
    expect(byName.halfkey).toMatchObject({ kind: 'unsupported', hint: expect.stringContaining('aws_secret_access_key') });
    expect(byName['settings-only']).toMatchObject({
      kind: 'unsupported',
      region: 'eu-north-1',
      hint: expect.stringContaining('no access keys'),
    });
    for (const p of Object.values(byName)) if (p.kind === 'unsupported') expect(p.accessKeyId).toBeUndefined();
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, with ~ expanded', async () => {
    await awsFiles({ credentials: '[ignored]\naws_access_key_id = A\naws_secret_access_key = B\n' });
    await mkdir(join(home, 'elsewhere'));
    await writeFile(join(home, 'elsewhere', 'creds'), '[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n');
    await writeFile(join(home, 'elsewhere', 'conf'), '[profile work]\nregion = sa-east-1\n');
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'elsewhere', 'creds'), AWS_CONFIG_FILE: '~/elsewhere/conf' };
    expect(await listAwsProfiles({ homeDir: home, env })).toEqual([
      { name: 'work', kind: 'static', accessKeyId: 'AKIAWORK', region: 'sa-east-1' },
    ]);
  });

  it('survives malformed lines, CRLF endings, a BOM, indentation and comments after headers', async () => {
    await awsFiles({
      credentials: [
        '\uFEFFstray = before any section',
        '[default]   # the main one',
        '\taws_secret_access_key\t=\tsec/ret+with=chars#and;more  ; trailing comment',
        'this line has no equals sign',
        '= no key',
        '  AWS_ACCESS_KEY_ID   =   AKIACRLF   ',
        '[broken',
        'aws_access_key_id = AKIABROKEN',
        'aws_secret_access_key = must-not-land-in-default',
        '[]',
        'aws_access_key_id = AKIAEMPTY',
        '[ok]',
        'aws_access_key_id = AKIAOK',
        'aws_secret_access_key = okSecret',
      ].join('\r\n'),
    });
    expect(await listAwsProfiles(opts)).toEqual([
      { name: 'default', kind: 'static', accessKeyId: 'AKIACRLF' },
      { name: 'ok', kind: 'static', accessKeyId: 'AKIAOK' },
    ]);
    expect(await readAwsProfileSecret('default', opts)).toEqual({
      accessKeyId: 'AKIACRLF',
      secretAccessKey: 'sec/ret+with=chars#and;more',
    });
  });

  it('keeps parsing after nested sub-sections', async () => {
    await awsFiles({
      config: [
        '[profile minio]',
        'region = us-east-1',
        's3 =',
        '  addressing_style = path',
        '  max_concurrent_requests = 20',
        'aws_access_key_id = minioadmin',
        'aws_secret_access_key = minioadmin',
        '[profile next]',
        'aws_access_key_id = AKIANEXT',
        'aws_secret_access_key = n',
      ].join('\n'),
    });
    expect(await listAwsProfiles(opts)).toEqual([
      { name: 'minio', kind: 'static', accessKeyId: 'minioadmin', region: 'us-east-1' },
      { name: 'next', kind: 'static', accessKeyId: 'AKIANEXT' },
    ]);
  });

  it('reports an unreadable file rather than pretending it is empty', async () => {
    await mkdir(join(home, '.aws', 'credentials'));
    await expect(listAwsProfiles(opts)).rejects.toThrow(/Could not read .*credentials/);
  });
});

describe('readAwsProfileSecret', () => {
  it('returns keys, session token and region; credentials-file keys win over config', async () => {
    await awsFiles({
      credentials: '[temp]\naws_access_key_id = ASIATEMP\naws_secret_access_key = tempSecret\naws_session_token = tok/en==\n',
      config: '[profile temp]\nregion = eu-west-3\naws_access_key_id = AKIAOLD\n',
    });
    expect(await readAwsProfileSecret('temp', opts)).toEqual({
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempSecret',
      sessionToken: 'tok/en==',
      region: 'eu-west-3',
    });
  });

  it('imports endpoint_url in its global, nested-s3 and [services] forms, most specific first', async () => {
    const keys = 'aws_access_key_id = K\naws_secret_access_key = S\n';
    await awsFiles({
      config: [
        `[profile global]\n${keys}endpoint_url = https://global.example.com`,
        `[profile r2]\n${keys}endpoint_url = https://global.example.com\ns3 =\n  endpoint_url = https://acct.r2.cloudflarestorage.com\n  addressing_style = virtual`,
        `[profile minio]\n${keys}s3 =\n    addressing_style = path\n    endpoint_url = http://127.0.0.1:9000`,
        `[profile svc]\n${keys}services = local-minio\nendpoint_url = https://global.example.com`,
        '[services local-minio]\ns3 =\n  endpoint_url = http://localhost:9100',
        `[profile ignored]\n${keys}endpoint_url = https://x.example.com\nignore_configured_endpoint_urls = true`,
      ].join('\n'),
    });
    expect(await readAwsProfileSecret('global', opts)).toMatchObject({ endpoint: 'https://global.example.com' });
    expect(await readAwsProfileSecret('r2', opts)).toMatchObject({
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      forcePathStyle: false,
    });
    expect(await readAwsProfileSecret('minio', opts)).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
    expect(await readAwsProfileSecret('svc', opts)).toMatchObject({ endpoint: 'http://localhost:9100' });
    expect((await readAwsProfileSecret('ignored', opts)).endpoint).toBeUndefined();
  });

  it('refuses SSO, role, process and missing profiles with a sentence to act on', async () => {
    await awsFiles({
      config: [
        '[profile sso]\nsso_session = corp\nsso_account_id = 1',
        '[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = default',
        '[profile proc]\ncredential_process = get-keys',
      ].join('\n'),
    });
    await expect(readAwsProfileSecret('sso', opts)).rejects.toThrow(ssoHint('sso'));
    await expect(readAwsProfileSecret('role', opts)).rejects.toThrow(/cannot be imported: .*role_arn/);
    await expect(readAwsProfileSecret('proc', opts)).rejects.toThrow(/credential_process/);
    const missing = await readAwsProfileSecret('nope', opts).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PailError);
    expect(missing).toMatchObject({ code: 'not-found', message: expect.stringContaining('"nope"') });
    await expect(readAwsProfileSecret('sso', opts)).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('parseIni', () => {
  it('keeps sub-properties apart and joins continuation lines like the SDKs', () => {
    const [section] = parseIni(
      '[profile x]\ns3 =\n  addressing_style = path\n\n  endpoint_url = http://h\nnote = first\n  second\nregion = r\n',
    );
    expect(section?.header).toBe('profile x');
    expect(Object.fromEntries(section?.nested.get('s3') ?? [])).toEqual({ addressing_style: 'path', endpoint_url: 'http://h' });
    expect(section?.values.get('note')).toBe('first\nsecond');
    expect(section?.values.get('region')).toBe('r');
  });
});
