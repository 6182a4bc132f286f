import { header, type RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import { CANNED_ACLS, type CannedAcl } from '../../store/object-store.js';
import { asList, elementOf, parseXml, textOf, type XmlNode } from '../../xml.js';
import { ownerOf } from './owner.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/**
 * What each canned ACL grants besides the owner's FULL_CONTROL, as S3 documents them ("Canned
 * ACL" in the S3 user guide). The local server has one owner, who is also every bucket's owner,
 * so bucket-owner-read/-full-control and aws-exec-read add nothing here.
 */
const GROUP_GRANTS: Record<CannedAcl, [string, string][]> = {
  private: [],
  'public-read': [[ALL_USERS, 'READ']],
  'public-read-write': [
    [ALL_USERS, 'READ'],
    [ALL_USERS, 'WRITE'],
  ],
  'authenticated-read': [[AUTHENTICATED_USERS, 'READ']],
  'aws-exec-read': [],
  'bucket-owner-read': [],
  'bucket-owner-full-control': [],
  'log-delivery-write': [
    [LOG_DELIVERY, 'WRITE'],
    [LOG_DELIVERY, 'READ_ACP'],
  ],
};

/** True when a canned ACL gives anonymous callers READ: listing on a bucket, reading on an object. */
export function grantsPublicRead(acl: CannedAcl): boolean {
  return acl === 'public-read' || acl === 'public-read-write';
}

/** True when a bucket's canned ACL gives anonymous callers WRITE (create, overwrite and delete objects). */
export function grantsPublicWrite(acl: CannedAcl): boolean {
  return acl === 'public-read-write';
}

/** The canned ACL of an `x-amz-acl` header (private when absent). */
export function cannedAclFrom(ctx: RequestContext): CannedAcl {
  const grant = Object.keys(ctx.req.headers).find((name) => name.startsWith('x-amz-grant-'));
  if (grant !== undefined)
    throw new S3Error('NotImplemented', `The local bucket does not support ${grant}; use a canned ACL (x-amz-acl) instead.`);
  const value = header(ctx, 'x-amz-acl');
  return value === undefined ? 'private' : parseCannedAcl(value, 'x-amz-acl');
}

/** A canned ACL by name, or InvalidArgument naming where it came from (`x-amz-acl`, a form's `acl`). */
export function parseCannedAcl(value: string, argumentName: string): CannedAcl {
  if ((CANNED_ACLS as readonly string[]).includes(value)) return value as CannedAcl;
  throw new S3Error('InvalidArgument', undefined, { ArgumentName: argumentName, ArgumentValue: value });
}

/** The AccessControlPolicy document for a canned ACL. */
export function aclDocument(ctx: RequestContext, acl: CannedAcl): XmlNode {
  const owner = ownerOf(ctx);
  const grants: XmlNode[] = [{ Grantee: { ID: owner.ID, DisplayName: owner.DisplayName }, Permission: 'FULL_CONTROL' }];
  for (const [uri, permission] of GROUP_GRANTS[acl] ?? []) grants.push({ Grantee: { URI: uri }, Permission: permission });
  return { Owner: { ...owner }, AccessControlList: { Grant: grants } };
}

/** The grantee element needs its xsi:type attribute, which the plain XML writer does not do. */
export function aclXml(xml: string): string {
  return xml
    .replace(/<Grantee><ID>/g, '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>')
    .replace(/<Grantee><URI>/g, '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>');
}

/**
 * The canned ACL a PutObjectAcl/PutBucketAcl request asks for: a header or a policy body. A body
 * must grant exactly what one canned ACL grants; other grants cannot be honoured and are refused.
 */
export async function requestedAcl(ctx: RequestContext, readBody: () => Promise<Buffer>): Promise<CannedAcl> {
  if (header(ctx, 'x-amz-acl') !== undefined || Object.keys(ctx.req.headers).some((n) => n.startsWith('x-amz-grant-')))
    return cannedAclFrom(ctx);
  const body = (await readBody()).toString('utf8');
  if (!body.trim())
    throw new S3Error('MissingSecurityHeader', 'Your request was missing a required header: x-amz-acl or an AccessControlPolicy body');
  const doc = elementOf(parseXml(body).AccessControlPolicy);
  const grants = asList(elementOf(doc.AccessControlList ?? '').Grant).map(elementOf);
  const groupGrants = new Set<string>();
  for (const grant of grants) {
    const grantee = elementOf(grant.Grantee ?? '');
    const permission = textOf(grant.Permission) ?? '';
    const uri = textOf(grantee.URI);
    const id = textOf(grantee.ID);
    if (uri !== undefined) groupGrants.add(`${uri} ${permission}`);
    else if (id !== ownerOf(ctx).ID)
      throw new S3Error('NotImplemented', 'The local bucket has a single user: it cannot grant permissions to other accounts.');
  }
  const asked = [...groupGrants].sort().join('\n');
  const match = (['private', 'public-read', 'public-read-write', 'authenticated-read', 'log-delivery-write'] as const).find(
    (acl) =>
      GROUP_GRANTS[acl]
        .map(([uri, permission]) => `${uri} ${permission}`)
        .sort()
        .join('\n') === asked,
  );
  if (match === undefined)
    throw new S3Error(
      'NotImplemented',
      'The local bucket supports only the grants of a canned ACL (private, public-read, public-read-write, authenticated-read).',
    );
  return match;
}
