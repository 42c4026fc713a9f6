package dev.jbuild.core.layer;

/**
 * Translates owners between the host and the container, both ways. A build's RUN steps run in
 * a user namespace: for an ordinary user, root inside is that user outside and uid 1000 inside
 * is a subordinate id such as 100999 outside; for root, every container id is shifted into a
 * subordinate range so that container root is never host root. Layers record the inside ids,
 * the host's files carry the outside ones.
 */
public interface OwnerMapping {

    /** What {@link #hostUid} and {@link #hostGid} answer for an id no host id stands for. */
    long UNMAPPED = -1;

    /** Owners are the same on both sides: root outside any sandbox, or tests that want raw ids. */
    OwnerMapping IDENTITY = new OwnerMapping() {
        @Override
        public long uid(long hostUid) {
            return hostUid;
        }

        @Override
        public long gid(long hostGid) {
            return hostGid;
        }

        @Override
        public long hostUid(long containerUid) {
            return containerUid;
        }

        @Override
        public long hostGid(long containerGid) {
            return containerGid;
        }
    };

    /** The container uid of a file the host sees owned by {@code hostUid}. */
    long uid(long hostUid);

    /** The container gid of a file the host sees owned by {@code hostGid}. */
    long gid(long hostGid);

    /** The host uid that gives a file the container uid {@code containerUid}, or {@link #UNMAPPED}. */
    long hostUid(long containerUid);

    /** The host gid that gives a file the container gid {@code containerGid}, or {@link #UNMAPPED}. */
    long hostGid(long containerGid);
}
