// The base image's root filesystem, made before Maven builds the image from it.
def process = ['bash', new File(basedir, 'rootfs.sh').path, new File(basedir, 'target/rootfs.tar').path].execute()
process.consumeProcessOutput(System.out, System.err)
assert process.waitFor() == 0 : 'rootfs.sh failed'
