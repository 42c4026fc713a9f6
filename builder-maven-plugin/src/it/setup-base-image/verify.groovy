def log = new File(basedir, 'build.log').text
assert log.contains('ADD target/rootfs.tar /') : 'no ADD step in the log'
assert log.contains('naming to docker.io/library/busybox:latest') : 'the base image was not named'
assert new File(basedir, 'target/jbuild-image.digest').text.startsWith('sha256:')
