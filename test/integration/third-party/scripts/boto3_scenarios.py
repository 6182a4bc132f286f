"""Drives boto3 against an S3 endpoint and prints what it observed as one JSON document.

Usage: python3 boto3_scenarios.py ENDPOINT BUCKET WORKDIR [CA_BUNDLE]
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. CA_BUNDLE is the certificate to
trust for an https ENDPOINT. The caller (a vitest test) asserts on the report; this script only
fails on its own when a call raises.
"""
import base64
import hashlib
import json
import os
import ssl
import sys
import urllib.request

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

MiB = 1024 * 1024


def main():
    endpoint, bucket, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
    ca_bundle = sys.argv[4] if len(sys.argv) > 4 else None
    tls = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else None

    def client(**config):
        return boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            verify=ca_bundle if ca_bundle else True,
            # No retries: a request the server gets wrong must surface, not be retried away.
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1, "mode": "standard"}, **config),
        )

    def fetch(request):
        return urllib.request.urlopen(request, context=tls)

    s3 = client()

    # Every request's payload mode, to prove which signing/checksum variant was exercised.
    sent = []

    def text(value):
        return value.decode() if isinstance(value, bytes) else str(value or "")

    def record(request, **_):
        headers = request.headers
        payload = text(headers.get("x-amz-content-sha256"))
        sent.append({
            "method": request.method,
            # A hex digest means a signed payload; anything else is the streaming mode's name.
            "payload": "signed-payload" if len(payload) == 64 else payload,
            "trailer": text(headers.get("x-amz-trailer")),
            "encoding": text(headers.get("content-encoding")),
            "checksumHeaders": sorted(k.lower() for k in headers.keys() if k.lower().startswith("x-amz-checksum-")),
        })

    s3.meta.events.register("before-send.s3", record)
    report = {"boto3": boto3.__version__, "botocore": botocore.__version__}

    s3.create_bucket(Bucket=bucket)

    # put/get/head with metadata and a unicode key.
    key = "docs/héllo wörld ☃.txt"
    body = "hello from boto3 ✓\n".encode()
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="text/plain; charset=utf-8", Metadata={"color": "blue", "mixed-case": "Yes"})
    got = s3.get_object(Bucket=bucket, Key=key)
    head = s3.head_object(Bucket=bucket, Key=key)
    ranged = s3.get_object(Bucket=bucket, Key=key, Range="bytes=6-9")
    report["simple"] = {
        "bodyEqual": got["Body"].read() == body,
        "contentType": got["ContentType"],
        "metadata": head["Metadata"],
        "contentLength": head["ContentLength"],
        "etag": head["ETag"],
        "md5": hashlib.md5(body).hexdigest(),
        "range": ranged["Body"].read().decode(),
        "contentRange": ranged["ContentRange"],
    }

    # An explicit SHA256 checksum, read back with ChecksumMode.
    s3.put_object(Bucket=bucket, Key="checksummed.bin", Body=b"x" * 1000, ChecksumAlgorithm="SHA256")
    ck = s3.head_object(Bucket=bucket, Key="checksummed.bin", ChecksumMode="ENABLED")
    report["checksum"] = {"sha256": ck.get("ChecksumSHA256"), "expected": base64.b64encode(hashlib.sha256(b"x" * 1000).digest()).decode()}

    # Listing with pagination: 23 keys, pages of 5.
    for i in range(23):
        s3.put_object(Bucket=bucket, Key=f"page/item-{i:03d}", Body=str(i).encode())
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="page/", PaginationConfig={"PageSize": 5}))
    v1 = list(s3.get_paginator("list_objects").paginate(Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}))
    report["listing"] = {
        "pageCount": len(pages),
        "pageSizes": [len(p.get("Contents", [])) for p in pages],
        "keys": [o["Key"] for p in pages for o in p.get("Contents", [])],
        "v1Keys": [o["Key"] for p in v1 for o in p.get("Contents", [])],
        "v1Prefixes": [c["Prefix"] for p in v1 for c in p.get("CommonPrefixes", [])],
    }

    # Multipart through the transfer manager: 12 MiB in 5 MiB parts.
    big = os.path.join(workdir, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(12 * MiB))
    config = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=3)
    s3.upload_file(big, bucket, "big/twelve.bin", Config=config)
    big_head = s3.head_object(Bucket=bucket, Key="big/twelve.bin")
    down = os.path.join(workdir, "big.down")
    s3.download_file(bucket, "big/twelve.bin", down, Config=config)
    with open(big, "rb") as a, open(down, "rb") as b:
        data = a.read()
        part_md5s = b"".join(hashlib.md5(data[i:i + 5 * MiB]).digest() for i in range(0, len(data), 5 * MiB))
        report["multipart"] = {
            "etag": big_head["ETag"],
            "expectedEtag": '"%s-%d"' % (hashlib.md5(part_md5s).hexdigest(), -(-len(data) // (5 * MiB))),
            "size": big_head["ContentLength"],
            "downloadEqual": data == b.read(),
        }

    # Presigned URLs, fetched with urllib (no boto3 on the wire). boto3's default presigner for a
    # custom endpoint is SigV2 query auth; a client configured for s3v4 presigns with SigV4.
    v4 = client(signature_version="s3v4")
    report["presigned"] = {}
    for name, client in (("default", s3), ("v4", v4)):
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=300)
        with fetch(url) as resp:
            presigned_get = {"status": resp.status, "bodyEqual": resp.read() == body}
        put_key = f"presigned/{name} upload.txt"
        put_url = client.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": put_key, "ContentType": "text/plain", "Metadata": {"origin": name}}, ExpiresIn=300)
        headers = {"Content-Type": "text/plain"}
        # SigV2 URLs carry x-amz-meta-* as query parameters; SigV4 ones sign them as headers to send.
        if "X-Amz-SignedHeaders=" in put_url:
            headers["x-amz-meta-origin"] = name
        req = urllib.request.Request(put_url, data=f"uploaded with a {name} presigned PUT".encode(), method="PUT", headers=headers)
        with fetch(req) as resp:
            put_status = resp.status
        uploaded = s3.get_object(Bucket=bucket, Key=put_key)
        report["presigned"][name] = {
            "sigv4": "X-Amz-Signature=" in url,
            "sigv2": "AWSAccessKeyId=" in url and "Signature=" in url and "X-Amz-Signature=" not in url,
            "get": presigned_get,
            "putStatus": put_status,
            "putBody": uploaded["Body"].read().decode(),
            "putContentType": uploaded["ContentType"],
            "putMetadata": uploaded["Metadata"],
        }

    # Server-side copy.
    s3.copy_object(Bucket=bucket, Key="copied.txt", CopySource={"Bucket": bucket, "Key": key})
    report["copyEqual"] = s3.get_object(Bucket=bucket, Key="copied.txt")["Body"].read() == body

    # Cleanup the way common test suites do it: every version, deleted by VersionId.
    versions = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, PaginationConfig={"PageSize": 10}):
        versions += [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", [])]
        versions += [{"Key": m["Key"], "VersionId": m["VersionId"]} for m in page.get("DeleteMarkers", [])]
    deleted, errors = [], []
    for i in range(0, len(versions), 1000):
        result = s3.delete_objects(Bucket=bucket, Delete={"Objects": versions[i:i + 1000]})
        deleted += result.get("Deleted", [])
        errors += result.get("Errors", [])
    remaining = s3.list_objects_v2(Bucket=bucket).get("KeyCount")
    s3.delete_bucket(Bucket=bucket)
    try:
        s3.head_bucket(Bucket=bucket)
        gone = False
    except ClientError as err:
        gone = err.response["Error"]["Code"] in ("404", "NoSuchBucket")
    report["cleanup"] = {
        "versionIds": sorted({v["VersionId"] for v in versions}),
        "versionKeys": sorted(v["Key"] for v in versions),
        "deleted": sorted(d["Key"] for d in deleted),
        "errors": errors,
        "remaining": remaining,
        "bucketGone": gone,
    }

    report["payloadModes"] = sorted({r["payload"] for r in sent if r["method"] in ("PUT", "POST")})
    report["contentEncodings"] = sorted({r["encoding"] for r in sent if r["encoding"]})
    report["trailers"] = sorted({r["trailer"] for r in sent if r["trailer"]})
    report["checksumHeaders"] = sorted({h for r in sent for h in r["checksumHeaders"]})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
