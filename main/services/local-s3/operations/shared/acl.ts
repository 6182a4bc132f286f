import { header, type RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { CannedAcl } from '../../store/object-store.js';
import { asList, elementOf, parseXml, textOf, type XmlNode } from '../../xml.js';
import { ownerOf } from './owner.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** The canned ACL of an `x-amz-acl` header (private when absent). */
export function cannedAclFrom(ctx: RequestContext): CannedAcl {
  const value = header(ctx, 'x-amz-acl');
  if (value === undefined || value === 'private' || value === 'bucket-owner-full-control' || value === 'bucket-owner-read')
    return 'private';
  if (value === 'public-read') return 'public-read';
  throw new S3Error('NotImplemented', `The canned ACL ${value} is not supported by the local bucket; use private or public-read.`);
}

/** The AccessControlPolicy document for a canned ACL. */
export function aclDocument(ctx: RequestContext, acl: CannedAcl): XmlNode {
  const owner = ownerOf(ctx);
  const grants: XmlNode[] = [{ Grantee: { ID: owner.ID, DisplayName: owner.DisplayName }, Permission: 'FULL_CONTROL' }];
  if (acl === 'public-read') grants.push({ Grantee: { URI: ALL_USERS }, Permission: 'READ' });
  return { Owner: { ...owner }, AccessControlList: { Grant: grants } };
}

/** The grantee element needs its xsi:type attribute, which the plain XML writer does not do. */
export function aclXml(xml: string): string {
  return xml
    .replace(/<Grantee><ID>/g, '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>')
    .replace(/<Grantee><URI>/g, '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>');
}

/** The canned ACL a PutObjectAcl/PutBucketAcl request asks for: a header or a policy body. */
export async function requestedAcl(ctx: RequestContext, readBody: () => Promise<Buffer>): Promise<CannedAcl> {
  if (header(ctx, 'x-amz-acl') !== undefined) return cannedAclFrom(ctx);
  const body = (await readBody()).toString('utf8');
  if (!body.trim())
    throw new S3Error('MissingSecurityHeader', 'Your request was missing a required header: x-amz-acl or an AccessControlPolicy body');
  const doc = elementOf(parseXml(body).AccessControlPolicy);
  const grants = asList(elementOf(doc.AccessControlList ?? '').Grant).map(elementOf);
  let publicRead = false;
  for (const grant of grants) {
    const grantee = elementOf(grant.Grantee ?? '');
    const permission = textOf(grant.Permission);
    if (textOf(grantee.URI) === ALL_USERS) {
      if (permission !== 'READ') throw new S3Error('NotImplemented', 'The local bucket only grants READ to AllUsers (public-read).');
      publicRead = true;
    }
  }
  return publicRead ? 'public-read' : 'private';
}
