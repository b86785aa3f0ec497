#!/usr/bin/env python3
"""Packs a directory as a one-layer container image in docker-archive format.

    mkimage.py OUT.tar NAME:TAG ROOTFS_DIR CONFIG_JSON

The archive is what `docker save` writes (manifest.json, the image config, one layer.tar), which
`ctr images import` loads without a container engine or a registry. CONFIG_JSON is the image's
"config" object (Entrypoint, Cmd, Env, User, WorkingDir, ExposedPorts). Every file in the layer
is owned by root and dated 1970, so the same inputs give the same image ID.
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def layer(rootfs):
    """An uncompressed tar of rootfs, entries sorted, root-owned, mtime 0."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for top, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                path = os.path.join(top, name)
                info = tar.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0
                if info.isfile():
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return buf.getvalue()


def main(out, ref, rootfs, config_json):
    data = layer(rootfs)
    diff_id = hashlib.sha256(data).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": json.loads(config_json),
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "e2e/node/mkimage.py"}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": [ref], "Layers": [diff_id + "/layer.tar"]}]

    def add(tar, name, payload):
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(payload))

    tmp = out + ".tmp"
    with tarfile.open(tmp, mode="w") as tar:
        add(tar, diff_id + "/layer.tar", data)
        add(tar, config_name, config_bytes)
        add(tar, "manifest.json", json.dumps(manifest).encode())
    os.replace(tmp, out)  # a reader never sees half an archive
    print(f"{ref}: {out} ({len(data) // 1024} KiB layer, image id sha256:{config_name[:12]})",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
