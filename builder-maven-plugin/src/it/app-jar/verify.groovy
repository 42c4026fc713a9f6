def log = new File(basedir, 'build.log').text
assert log.contains('Building jar:') : 'maven-jar-plugin did not run'
assert log =~ /#\d+ \[\d\/\d\] RUN unzip -l \/app\/app.jar/ : 'no RUN step in the progress log'
assert log =~ /#\d+ DONE \d+\.\ds/ : 'no DONE line in the progress log'
assert log =~ /#\d+ \d+\.\d+ the jar holds app.Main/ : "the RUN step's output is not in the log"
assert log.contains('naming to docker.io/library/app-jar:1.0') : 'the image was not named'
def digest = new File(basedir, 'target/jbuild-image.digest').text
assert digest ==~ /sha256:[0-9a-f]{64}/
assert new File(basedir, 'target/jbuild-image.id').text ==~ /sha256:[0-9a-f]{64}/
def tar = new File(basedir, 'target/jbuild-image.tar')
assert tar.isFile() : 'no target/jbuild-image.tar'
def list = ['tar', '-xOf', tar.path, 'manifest.json'].execute()
def manifest = list.text
assert list.waitFor() == 0
assert manifest.contains('app-jar:1.0') : "the archive's manifest.json does not name the image: " + manifest
def second = log.split(/Building app-jar 1\.0/)
assert second.size() == 3 : 'the project was not built twice'
def steps = second[2]
assert (steps =~ /#\d+ CACHED/).size() == 3 : 'the second build did not take COPY and both RUN steps from the cache:\n' + steps
assert !(steps =~ /#\d+ \d+\.\d+ the jar holds app.Main/) : 'a RUN step ran again in the second build'
