package dev.jbuild.core.layer;

/**
 * Turns the owner a file has on the host into the owner it has inside the container. Rootless
 * builds need it: in a user namespace, root inside is the invoking user outside and uid 1000
 * inside is a subordinate id such as 100999 outside, and layers must record the inside ids.
 */
public interface OwnerMapping {

    /** Owners are the same on both sides, as when building as root. */
    OwnerMapping IDENTITY = new OwnerMapping() {
        @Override
        public long uid(long hostUid) {
            return hostUid;
        }

        @Override
        public long gid(long hostGid) {
            return hostGid;
        }
    };

    long uid(long hostUid);

    long gid(long hostGid);
}
