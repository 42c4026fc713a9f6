def log = new File(basedir, 'build.log').text
assert log.contains('jbuild: build skipped (<skip>)') : 'the skip was not reported'
assert !new File(basedir, 'target/jbuild-image.digest').exists() : 'a skipped build wrote an image digest'
