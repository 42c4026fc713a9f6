#!/usr/bin/env bash
# Writes a busybox root filesystem as a tar ($1): /bin/busybox and its applet links, /etc/passwd and
# /etc/group with root and app (1000), /tmp (1777); fixed timestamps, so its digest is stable.
set -euo pipefail
out="$1"
if ! [ -x /bin/busybox ]; then
  echo "the Maven plugin ITs need /bin/busybox: apt-get install busybox-static" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,tmp,root,home/app}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$root" -cf "$out" .
