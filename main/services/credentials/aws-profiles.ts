import { readFile } from 'node:fs/promises';
import { PailError } from '../errors/pail-error.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AwsProfileCandidate } from '../../../preload/contract/types.js';
import { parseIni, type IniSection } from './ini-file.js';

/** Where to look for the AWS files. Defaults: the real home folder and process.env. */
export interface AwsFilesOptions {
  homeDir?: string;
  env?: Record<string, string | undefined>;
}

/** Everything needed to add a connection from a profile with keys. */
export interface AwsProfileSecret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  /** `endpoint_url` (global, or for S3 only), for MinIO, R2 and other S3-compatible profiles. */
  endpoint?: string;
  /** From `s3 = addressing_style = path|virtual`; absent when the profile does not say. */
  forcePathStyle?: boolean;
}

/**
 * The profiles of ~/.aws/credentials and ~/.aws/config (or the files AWS_SHARED_CREDENTIALS_FILE
 * and AWS_CONFIG_FILE name), merged by name, `default` first then by name. Missing files give
 * no profiles; lines that cannot be parsed are skipped. Never returns secrets.
 */
export async function listAwsProfiles(opts: AwsFilesOptions = {}): Promise<AwsProfileCandidate[]> {
  const { profiles } = await loadAwsFiles(opts);
  return [...profiles.entries()]
    .sort(([a], [b]) => compareProfileNames(a, b))
    .map(([name, profile]) => {
      const { kind, hint } = classify(name, profile);
      const candidate: AwsProfileCandidate = { name, kind };
      const accessKeyId = profile.values.get('aws_access_key_id');
      if ((kind === 'static' || kind === 'session') && accessKeyId) candidate.accessKeyId = accessKeyId;
      const region = profile.values.get('region');
      if (region) candidate.region = region;
      if (hint) candidate.hint = hint;
      return candidate;
    });
}

/**
 * The keys of one profile, for importing it as a connection. Throws PailError with a
 * sentence a person can act on when the profile is missing or signs in some other way (SSO,
 * assumed role, credential process, web identity).
 */
export async function readAwsProfileSecret(name: string, opts: AwsFilesOptions = {}): Promise<AwsProfileSecret> {
  const { profiles, services, paths } = await loadAwsFiles(opts);
  const profile = profiles.get(name);
  if (!profile) {
    throw new PailError('not-found', `There is no AWS profile named "${name}" in ${paths.credentials} or ${paths.config}.`);
  }
  const { kind, hint } = classify(name, profile);
  if (kind === 'sso') {
    throw new PailError(
      'unsupported',
      `The AWS profile "${name}" signs in with IAM Identity Center (SSO), so it has no keys to import. ${hint}`,
    );
  }
  if (kind === 'unsupported') {
    throw new PailError('unsupported', `The AWS profile "${name}" cannot be imported: ${hint}`);
  }
  const secret: AwsProfileSecret = {
    accessKeyId: profile.values.get('aws_access_key_id') ?? '',
    secretAccessKey: profile.values.get('aws_secret_access_key') ?? '',
  };
  const sessionToken = profile.values.get('aws_session_token');
  if (sessionToken) secret.sessionToken = sessionToken;
  const region = profile.values.get('region');
  if (region) secret.region = region;
  const endpoint = s3Endpoint(profile, services);
  if (endpoint) secret.endpoint = endpoint;
  const style = profile.nested.get('s3')?.get('addressing_style');
  if (style === 'path' || style === 'virtual') secret.forcePathStyle = style === 'path';
  return secret;
}

/** A profile's settings from both files, credentials-file values winning (as in the SDKs). */
interface ProfileSettings {
  values: Map<string, string>;
  nested: Map<string, Map<string, string>>;
}

interface AwsFiles {
  profiles: Map<string, ProfileSettings>;
  /** `[services name]` sections of the config file, for service-specific endpoints. */
  services: Map<string, ProfileSettings>;
  paths: { credentials: string; config: string };
}

async function loadAwsFiles(opts: AwsFilesOptions): Promise<AwsFiles> {
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? homedir();
  const paths = {
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), home),
    config: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), home),
  };
  const [configText, credentialsText] = await Promise.all([readIfPresent(paths.config), readIfPresent(paths.credentials)]);

  const profiles = new Map<string, ProfileSettings>();
  const services = new Map<string, ProfileSettings>();
  for (const section of parseIni(configText)) {
    const words = section.header.split(/\s+/);
    if (words.length === 1 && words[0] === 'default') mergeInto(profiles, 'default', section);
    else if (words.length === 2 && words[0] === 'profile') mergeInto(profiles, words[1] ?? '', section);
    else if (words.length === 2 && words[0] === 'services') mergeInto(services, words[1] ?? '', section);
    // Anything else (`[sso-session x]`, a bare `[name]`) is not a profile in the config file.
  }
  for (const section of parseIni(credentialsText)) {
    // The credentials file names profiles without the `profile` prefix.
    if (!/\s/.test(section.header)) mergeInto(profiles, section.header, section);
  }
  return { profiles, services, paths };
}

function mergeInto(target: Map<string, ProfileSettings>, name: string, section: IniSection): void {
  if (name === '') return;
  let settings = target.get(name);
  if (!settings) {
    settings = { values: new Map(), nested: new Map() };
    target.set(name, settings);
  }
  for (const [key, value] of section.values) {
    settings.values.set(key, value);
    if (!section.nested.has(key)) settings.nested.delete(key);
  }
  for (const [key, nested] of section.nested) settings.nested.set(key, new Map(nested));
}

const SSO_KEYS = ['sso_start_url', 'sso_session', 'sso_account_id'];

function classify(name: string, profile: ProfileSettings): { kind: AwsProfileCandidate['kind']; hint?: string } {
  const has = (key: string): boolean => Boolean(profile.values.get(key));
  const exportHint = `or run "aws configure export-credentials --profile ${name}" for temporary keys, or add the connection with keys.`;
  // Checked in the order the AWS CLI resolves credentials, so the kind says what the CLI would use.
  if (has('role_arn') || has('source_profile')) {
    return { kind: 'unsupported', hint: `It assumes an IAM role (role_arn/source_profile), which Pail does not do; ${exportHint}` };
  }
  if (has('web_identity_token_file')) {
    return {
      kind: 'unsupported',
      hint: `It signs in with a web identity token (web_identity_token_file), which Pail does not do; ${exportHint}`,
    };
  }
  if (SSO_KEYS.some(has)) {
    return {
      kind: 'sso',
      hint: `Run "aws sso login --profile ${name}", then use "aws configure export-credentials --profile ${name}" for keys, or add the connection with keys.`,
    };
  }
  if (has('aws_access_key_id') && has('aws_secret_access_key')) {
    return { kind: has('aws_session_token') ? 'session' : 'static' };
  }
  if (has('credential_process')) {
    return { kind: 'unsupported', hint: `It gets its keys from a program (credential_process), which Pail does not run; ${exportHint}` };
  }
  if (has('aws_access_key_id')) {
    return {
      kind: 'unsupported',
      hint: 'It has an access key ID but no aws_secret_access_key; add the secret to the profile, or add the connection with keys.',
    };
  }
  return { kind: 'unsupported', hint: 'It has no access keys; add the connection with keys.' };
}

/** The S3 endpoint, most specific first: a `[services]` section, the profile's `s3` block, `endpoint_url`. */
function s3Endpoint(profile: ProfileSettings, services: Map<string, ProfileSettings>): string | undefined {
  if (profile.values.get('ignore_configured_endpoint_urls')?.toLowerCase() === 'true') return undefined;
  const servicesName = profile.values.get('services');
  const fromServices = servicesName ? services.get(servicesName)?.nested.get('s3')?.get('endpoint_url') : undefined;
  return fromServices || profile.nested.get('s3')?.get('endpoint_url') || profile.values.get('endpoint_url') || undefined;
}

function compareProfileNames(a: string, b: string): number {
  if (a === 'default' || b === 'default') return a === 'default' ? (b === 'default' ? 0 : -1) : 1;
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function expandHome(path: string, home: string): string {
  return path === '~' || /^~[/\\]/.test(path) ? join(home, path.slice(1)) : path;
}

/** A file's text, or '' when it does not exist; other failures (permissions) are reported. */
async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return '';
    throw new Error(`Could not read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
