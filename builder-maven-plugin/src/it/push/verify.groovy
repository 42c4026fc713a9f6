def dir = new File(basedir, 'target/registry')
def address = new File(dir, 'address').text
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains("pushed ${address}/team/push-app:1@sha256:") : 'the push was not logged'
    def digest = new File(basedir, 'target/jbuild-image.digest').text
    def connection = new URL("http://${address}/v2/team/push-app/manifests/1").openConnection()
    connection.setRequestProperty('Authorization', 'Basic ' + 'ci:pushpw'.bytes.encodeBase64().toString())
    connection.setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
    assert connection.responseCode == 200 : "the registry has no team/push-app:1: HTTP ${connection.responseCode}"
    assert connection.getHeaderField('Docker-Content-Digest') == digest : 'the registry holds another manifest than target/jbuild-image.digest'
} finally {
    ['kill', new File(dir, 'pid').text].execute().waitFor()
}
