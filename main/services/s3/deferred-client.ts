import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { SigningCredentials } from './sign-v4.js';
import { loadS3Sdk } from './sdk.js';

/** What the direct request path needs to know about an endpoint, none of it computed by the SDK. */
export interface DirectSettings {
  /** The endpoint's URL, addressed path-style. */
  endpoint: string;
  region: string;
  credentials: () => Promise<SigningCredentials>;
}

/**
 * An S3 client whose SDK client is made when a request first needs the SDK. Until then it is only
 * settings, which the direct request path signs with by itself: a command-line run that never
 * leaves that path never loads the SDK. It does what the engine and the commands ask of a client
 * (send, destroy); what needs the SDK's own object (lib-storage's Upload) takes {@link sdkClientOf}.
 */
export class DeferredS3Client {
  private made: Promise<S3Client> | undefined;

  constructor(
    private readonly config: S3ClientConfig,
    /** Set when the endpoint may be reached directly (a custom endpoint, path-style, checksums only when required). */
    readonly direct: DirectSettings | undefined,
  ) {}

  /** The SDK client, made (and the SDK loaded) on first call. */
  sdkClient(): Promise<S3Client> {
    this.made ??= loadS3Sdk().then(({ S3Client }) => new S3Client(this.config));
    return this.made;
  }

  readonly send = ((command: Parameters<S3Client['send']>[0], options?: Parameters<S3Client['send']>[1]) =>
    this.sdkClient().then((client) => client.send(command, options))) as S3Client['send'];

  destroy(): void {
    void this.made?.then((client) => client.destroy());
  }
}

/** The client as the engine and commands use it: the SDK's own, or one that makes it on demand. */
export type S3Sender = S3Client | DeferredS3Client;

/** The SDK's own client behind `client`, for what needs that object itself. */
export function sdkClientOf(client: S3Sender): Promise<S3Client> {
  return client instanceof DeferredS3Client ? client.sdkClient() : Promise.resolve(client);
}
