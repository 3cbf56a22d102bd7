#!/usr/bin/env python3
"""Pushes test images into a registry on loopback by the Registry API v2
(monolithic blob upload, manifest PUT), so the tests need no docker daemon.

Images pushed into REPO (default "app"), and "team/tools":
  app:v1      Docker image manifest v2, linux/amd64
  app:multi   OCI image index: linux/amd64, linux/arm64/v8, + an attestation (unknown/unknown)
  app:list    Docker manifest list: linux/amd64, linux/arm/v7
  team/tools:oci  OCI image manifest, linux/arm64 (config without variant)
Prints "pushed NAME:TAG DIGEST" lines.
"""
import hashlib
import json
import sys
import urllib.parse
import urllib.request

BASE = sys.argv[1]  # http://127.0.0.1:PORT
assert urllib.parse.urlparse(BASE).hostname in ("127.0.0.1", "::1", "localhost")

MT_DOCKER = "application/vnd.docker.distribution.manifest.v2+json"
MT_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MT_OCI = "application/vnd.oci.image.manifest.v1+json"
MT_INDEX = "application/vnd.oci.image.index.v1+json"


def digest(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def req(method, url, data=None, headers=None):
    r = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(r) as resp:
        return resp.status, resp.headers, resp.read()


def push_blob(repo, data):
    d = digest(data)
    _, h, _ = req("POST", "%s/v2/%s/blobs/uploads/" % (BASE, repo), b"")
    loc = urllib.parse.urljoin(BASE, h["Location"])
    sep = "&" if "?" in loc else "?"
    req("PUT", loc + sep + "digest=" + urllib.parse.quote(d), data,
        {"Content-Type": "application/octet-stream"})
    return {"digest": d, "size": len(data)}


def push_manifest(repo, ref, obj, mt):
    body = json.dumps(obj, indent=3).encode()
    _, h, _ = req("PUT", "%s/v2/%s/manifests/%s" % (BASE, repo, ref), body, {"Content-Type": mt})
    d = digest(body)
    assert h.get("Docker-Content-Digest", d) == d, (h.get("Docker-Content-Digest"), d)
    return {"digest": d, "size": len(body), "mediaType": mt}


def image(repo, arch, variant=None, oci=False, os_="linux"):
    cfg = {"architecture": arch, "os": os_, "rootfs": {"type": "layers", "diff_ids": []},
           "config": {"Cmd": ["/app"]}}
    if variant:
        cfg["variant"] = variant
    cb = json.dumps(cfg).encode()
    c = push_blob(repo, cb)
    layer = push_blob(repo, ("layer for %s/%s %s" % (arch, variant, repo)).encode() * 10)
    if oci:
        c["mediaType"] = "application/vnd.oci.image.config.v1+json"
        layer["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
        m = {"schemaVersion": 2, "mediaType": MT_OCI, "config": c, "layers": [layer]}
        mt = MT_OCI
    else:
        c["mediaType"] = "application/vnd.docker.container.image.v1+json"
        layer["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip"
        m = {"schemaVersion": 2, "mediaType": MT_DOCKER, "config": c, "layers": [layer]}
        mt = MT_DOCKER
    return m, mt


def main():
    repo = "app"
    m, mt = image(repo, "amd64")
    r = push_manifest(repo, "v1", m, mt)
    print("pushed %s:v1 %s" % (repo, r["digest"]))

    entries = []
    for arch, var in (("amd64", None), ("arm64", "v8")):
        m, mt = image(repo, arch, var, oci=True)
        d = push_manifest(repo, digest(json.dumps(m, indent=3).encode()), m, mt)
        p = {"architecture": arch, "os": "linux"}
        if var:
            p["variant"] = var
        d["platform"] = p
        entries.append(d)
    att, mt = image(repo, "unknown", None, oci=True, os_="unknown")
    d = push_manifest(repo, digest(json.dumps(att, indent=3).encode()), att, mt)
    d["platform"] = {"architecture": "unknown", "os": "unknown"}
    d["annotations"] = {"vnd.docker.reference.type": "attestation-manifest"}
    entries.append(d)
    r = push_manifest(repo, "multi", {"schemaVersion": 2, "mediaType": MT_INDEX,
                                      "manifests": entries}, MT_INDEX)
    print("pushed %s:multi %s" % (repo, r["digest"]))

    entries = []
    for arch, var in (("amd64", None), ("arm", "v7")):
        m, mt = image(repo, arch, var)
        d = push_manifest(repo, digest(json.dumps(m, indent=3).encode()), m, mt)
        p = {"architecture": arch, "os": "linux"}
        if var:
            p["variant"] = var
        d["platform"] = p
        entries.append(d)
    r = push_manifest(repo, "list", {"schemaVersion": 2, "mediaType": MT_LIST,
                                     "manifests": entries}, MT_LIST)
    print("pushed %s:list %s" % (repo, r["digest"]))

    m, mt = image("team/tools", "arm64", None, oci=True)
    r = push_manifest("team/tools", "oci", m, mt)
    print("pushed team/tools:oci %s" % r["digest"])


main()
