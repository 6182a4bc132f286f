"""Uploads through boto3's generate_presigned_post forms (SigV4 and SigV2) and prints what it saw as JSON.

Usage: python3 boto3_post_object.py ENDPOINT BUCKET
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. The form is sent with urllib
(no `requests`), encoded here as multipart/form-data the way a browser does. The caller (a vitest
test) asserts on the report; this script fails on its own only when a boto3 call raises.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.config import Config


def encode_form(fields, filename, data):
    boundary = "----pail" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode("utf-8")
        )
    parts.append(
        (
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (boundary, filename)
        ).encode("utf-8")
    )
    parts.append(data)
    parts.append(("\r\n--%s--\r\n" % boundary).encode("utf-8"))
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def post_form(url, fields, filename, data):
    body, content_type = encode_form(fields, filename, data)
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def main():
    endpoint, bucket = sys.argv[1], sys.argv[2]

    def client(signature_version):
        return boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            config=Config(
                signature_version=signature_version,
                s3={"addressing_style": "path"},
                retries={"max_attempts": 1, "mode": "standard"},
            ),
        )

    s3 = client("s3v4")
    s3.create_bucket(Bucket=bucket)
    report = {"boto3": boto3.__version__}
    for variant, signature_version in (("v4", "s3v4"), ("v2", "s3")):
        presigner = client(signature_version)
        data = ("posted by boto3 with %s \u2713\n" % variant).encode("utf-8")
        post = presigner.generate_presigned_post(
            Bucket=bucket,
            Key="forms/%s/${filename}" % variant,
            Fields={"Content-Type": "text/plain", "success_action_status": "201", "x-amz-meta-variant": variant},
            Conditions=[
                {"Content-Type": "text/plain"},
                {"success_action_status": "201"},
                {"x-amz-meta-variant": variant},
                ["content-length-range", 1, 1000],
            ],
            ExpiresIn=600,
        )
        status, body = post_form(post["url"], post["fields"], "note.txt", data)
        stored = s3.get_object(Bucket=bucket, Key="forms/%s/note.txt" % variant)
        too_large_status, too_large_body = post_form(post["url"], post["fields"], "big.txt", b"x" * 5000)
        listed = s3.list_objects_v2(Bucket=bucket, Prefix="forms/%s/" % variant)
        report[variant] = {
            "fieldNames": sorted(name.lower() for name in post["fields"]),
            "status": status,
            "hasPostResponse": "<PostResponse>" in body and ("<Key>forms/%s/note.txt</Key>" % variant) in body,
            "etagInBody": ("&quot;%s&quot;" % hashlib.md5(data).hexdigest()) in body,
            "bodyEqual": stored["Body"].read() == data,
            "contentType": stored["ContentType"],
            "metadata": stored["Metadata"],
            "tooLargeStatus": too_large_status,
            "tooLargeCode": "<Code>EntityTooLarge</Code>" in too_large_body,
            "keys": [item["Key"] for item in listed.get("Contents", [])],
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
