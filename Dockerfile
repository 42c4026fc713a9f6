# syntax=docker/dockerfile:1
# jbuild's own image, for CI jobs that run in a container (GitHub Actions `container:`, GitLab
# `image:`): Debian's Java 17 runtime, what RUN steps need, and the distribution that
# `mvn package` writes. Built by scripts/build-image (see docs/ci.md#jbuilds-own-image); the
# context is the repository, of which .dockerignore lets in only the distribution tarball.
ARG BASE=debian:bookworm
FROM ${BASE}

# openjdk-17-jre-headless runs jbuild; uidmap's newuidmap/newgidmap map the subordinate ids
# below into RUN steps (unshare and util-linux are in every Debian); git for git contexts.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless uidmap git ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# ADD unpacks the tarball as jbuild-VERSION/ under /opt.
ADD builder-cli/target/jbuild-*.tar.gz /opt/

# An ordinary user with 65536 subordinate ids, so RUN steps can chown and switch USER; run as
# root instead (docker run --user root), jbuild maps steps to this user's range as well. Its data
# directory exists, so a volume mounted there starts out the user's (Docker copies the owner).
RUN ln -s /opt/jbuild-*/bin/jbuild /usr/local/bin/jbuild \
 && useradd --create-home --uid 1000 --user-group --shell /bin/bash jbuild \
 && usermod --add-subuids 100000-165535 --add-subgids 100000-165535 jbuild \
 && install -d -o jbuild -g jbuild /home/jbuild/.cache /home/jbuild/.cache/jbuild

ENV LANG=C.UTF-8
USER jbuild
WORKDIR /home/jbuild
ENTRYPOINT ["jbuild"]
CMD ["--help"]
