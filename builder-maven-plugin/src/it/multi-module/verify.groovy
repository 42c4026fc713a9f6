def log = new File(basedir, 'build.log').text
assert log.contains('jbuild: build skipped for a module of pom packaging') : 'the pom parent was not skipped'
assert log.contains('naming to docker.io/library/multi-api:1.0')
assert log.contains('naming to docker.io/library/multi-web:1.0')
def api = new File(basedir, 'api/target/jbuild-image.id').text
def web = new File(basedir, 'web/target/jbuild-image.id').text
assert api ==~ /sha256:[0-9a-f]{64}/ && web ==~ /sha256:[0-9a-f]{64}/
assert api != web : 'both modules got the same image'
assert !new File(basedir, 'target/jbuild-image.id').exists() : 'the pom parent wrote an image id'
