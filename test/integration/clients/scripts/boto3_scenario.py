"""Drives boto3 against the Pail local S3 server.

Usage: boto3_scenario.py ENDPOINT WORKDIR BUCKET
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints one JSON
summary line on success; any failed check raises and exits non-zero.
"""
import hashlib
import json
import os
import sys
import urllib.request

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MIB = 1024 * 1024


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def trailer_uploads(s3, bucket, workdir):
    """Uploads with aws-chunked bodies and a trailing CRC32 (STREAMING-UNSIGNED-PAYLOAD-TRAILER).

    botocore >= 1.36 only uses trailers over https; the local server speaks plain http, so the
    scheme test in botocore.httpchecksum is made to see https for these calls. Returns False when
    this botocore has no trailer support (Debian's 1.29).
    """
    from botocore import httpchecksum

    if not hasattr(httpchecksum, "_apply_request_trailer_checksum") or not hasattr(httpchecksum, "urlparse"):
        return False
    real_urlparse = httpchecksum.urlparse
    seen = []

    def record(request, **_kwargs):
        value = request.headers.get("x-amz-content-sha256")
        seen.append(value.decode() if isinstance(value, bytes) else value)

    s3.meta.events.register("before-send.s3", record)
    httpchecksum.urlparse = lambda url: real_urlparse(url)._replace(scheme="https")
    try:
        body = os.urandom(200 * 1024)
        put = s3.put_object(Bucket=bucket, Key="trailer/single.bin", Body=body)
        check(put.get("ChecksumCRC32"), f"no CRC32 echoed for trailer upload: {put}")
        path = os.path.join(workdir, "trailer.bin")
        big = os.urandom(11 * MIB)
        with open(path, "wb") as f:
            f.write(big)
        s3.upload_file(path, bucket, "trailer/multi.bin", Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB))
    finally:
        httpchecksum.urlparse = real_urlparse
        s3.meta.events.unregister("before-send.s3", record)
    check(seen.count("STREAMING-UNSIGNED-PAYLOAD-TRAILER") >= 4, f"trailer payloads not sent: {seen}")
    check(s3.get_object(Bucket=bucket, Key="trailer/single.bin")["Body"].read() == body, "trailer single body differs")
    check(s3.get_object(Bucket=bucket, Key="trailer/multi.bin")["Body"].read() == big, "trailer multipart body differs")
    head = s3.head_object(Bucket=bucket, Key="trailer/multi.bin")
    check(head["ETag"].strip('"').endswith("-3"), f"trailer multipart ETag {head['ETag']}")
    return True


def main():
    endpoint, workdir, bucket = sys.argv[1], sys.argv[2], sys.argv[3]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
    )
    summary = {"boto3": boto3.__version__, "botocore": botocore.__version__, "python": sys.version.split()[0]}

    s3.create_bucket(Bucket=bucket)
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    check(bucket in names, f"bucket {bucket} missing from {names}")

    # put / get, including metadata and a key needing URL encoding
    body = b"hello from boto3 \xe2\x9c\x93\n"
    put = s3.put_object(Bucket=bucket, Key="greet/hello wörld.txt", Body=body, Metadata={"origin": "boto3"}, ContentType="text/plain")
    check(put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), f"put ETag {put['ETag']}")
    got = s3.get_object(Bucket=bucket, Key="greet/hello wörld.txt")
    check(got["Body"].read() == body, "get body differs")
    check(got["Metadata"] == {"origin": "boto3"}, f"metadata {got['Metadata']}")
    check(got["ContentType"] == "text/plain", f"content type {got['ContentType']}")

    # list with a paginator and a tiny page size
    keys = [f"many/{i:03d}.txt" for i in range(7)]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="many/", PaginationConfig={"PageSize": 2}))
    listed = [obj["Key"] for page in pages for obj in page.get("Contents", [])]
    check(listed == keys, f"paginated listing {listed}")
    check(len(pages) == 4, f"expected 4 pages of at most 2 keys, got {len(pages)}")
    check(all(page["KeyCount"] <= 2 for page in pages), "a page exceeded MaxKeys")
    delimited = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    check([p["Prefix"] for p in delimited.get("CommonPrefixes", [])] == ["greet/", "many/"], f"prefixes {delimited.get('CommonPrefixes')}")
    check("Contents" not in delimited, "unexpected top-level objects")
    summary["pages"] = len(pages)

    # multipart upload through the transfer manager
    big_path = os.path.join(workdir, "big.bin")
    big = os.urandom(12 * MIB)
    with open(big_path, "wb") as f:
        f.write(big)
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB)
    s3.upload_file(big_path, bucket, "big/big.bin", Config=config)
    head = s3.head_object(Bucket=bucket, Key="big/big.bin")
    check(head["ContentLength"] == len(big), f"length {head['ContentLength']}")
    check(head["ETag"].strip('"').endswith("-3"), f"multipart ETag {head['ETag']}")
    summary["multipartEtag"] = head["ETag"]
    down_path = os.path.join(workdir, "big.down")
    s3.download_file(bucket, "big/big.bin", down_path, Config=config)
    with open(down_path, "rb") as f:
        check(f.read() == big, "downloaded multipart object differs")

    # presigned GET fetched with urllib (no proxies: the server is on loopback)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "greet/hello wörld.txt"}, ExpiresIn=300)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        check(response.status == 200, f"presigned status {response.status}")
        check(response.read() == body, "presigned body differs")

    summary["trailer"] = trailer_uploads(s3, bucket, workdir)

    # cleanup via list_object_versions + delete_objects with VersionId "null"
    versions = s3.list_object_versions(Bucket=bucket)
    entries = versions.get("Versions", []) + versions.get("DeleteMarkers", [])
    check(all(v["VersionId"] == "null" for v in entries), f"version ids {[v['VersionId'] for v in entries]}")
    expected_count = 9 + (2 if summary["trailer"] else 0)
    check(len(entries) == expected_count, f"expected {expected_count} versions, got {len(entries)}")
    deleted = s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in entries], "Quiet": False},
    )
    check(not deleted.get("Errors"), f"delete errors {deleted.get('Errors')}")
    check(len(deleted.get("Deleted", [])) == expected_count, f"deleted {deleted.get('Deleted')}")
    after = s3.list_object_versions(Bucket=bucket)
    check(not after.get("Versions") and not after.get("DeleteMarkers"), "bucket not empty after cleanup")
    s3.delete_bucket(Bucket=bucket)
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    check(bucket not in names, "bucket still listed after delete")

    print(json.dumps(summary))


if __name__ == "__main__":
    main()
