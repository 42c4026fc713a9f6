// Starts docker-registry on a free loopback port with one user (ci / pushpw), and tells the build about it:
// it.properties (invoker.userPropertiesFile) names the registry (the settings.xml server id), the tag to push and
// the master password file.
def dir = new File(basedir, 'target/registry')
dir.mkdirs()
def htpasswd = ['htpasswd', '-nbB', 'ci', 'pushpw'].execute()
def entry = htpasswd.text
assert htpasswd.waitFor() == 0 : 'htpasswd failed (Debian package apache2-utils)'
new File(dir, 'htpasswd').text = entry.trim() + '\n'
def socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())
def port = socket.localPort
socket.close()
new File(dir, 'config.yml').text = """version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: ${new File(dir, 'storage').absolutePath}}
http: {addr: 127.0.0.1:${port}, secret: jbuild-it-secret}
auth:
  htpasswd: {realm: jbuild-it, path: ${new File(dir, 'htpasswd').absolutePath}}
"""
// timeout ends the registry even when the build fails before verify.groovy stops it.
def registry = new ProcessBuilder('timeout', '900', 'docker-registry', 'serve', new File(dir, 'config.yml').path)
        .redirectErrorStream(true).redirectOutput(new File(dir, 'registry.log')).start()
new File(dir, 'pid').text = registry.pid().toString()
def ready = false
for (int i = 0; i < 200 && !ready; i++) {
    try {
        def connection = new URL("http://127.0.0.1:${port}/v2/").openConnection()
        ready = connection.responseCode == 401
    } catch (IOException notYet) {
        Thread.sleep(100)
    }
}
assert ready : 'docker-registry did not start (Debian package docker-registry): ' + new File(dir, 'registry.log').text
def address = "127.0.0.1:${port}".toString()
new File(dir, 'address').text = address
def properties = new Properties()
properties['jbuild.it.registry'] = address
properties['jbuild.tags'] = address + "/team/push-app:1"
properties['settings.security'] = new File(basedir, 'settings-security.xml').absolutePath
new File(basedir, 'it.properties').withWriter { properties.store(it, 'written by prebuild.groovy') }
