def log = new File(basedir, 'build.log').text
assert log.contains('first step ran') : 'the first RUN step did not run'
assert log =~ /\[ERROR\] Failed to execute goal dev.jbuild:jbuild-maven-plugin:.*jbuild: Dockerfile:3: / : 'the failure does not name Dockerfile:3'
assert log =~ /ERROR\] #\d+ ERROR: / : 'the failed step is not logged at error level'
assert !new File(basedir, 'target/jbuild-image.digest').exists()
