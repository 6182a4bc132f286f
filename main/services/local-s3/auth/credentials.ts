/** A key pair the server accepts. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}
