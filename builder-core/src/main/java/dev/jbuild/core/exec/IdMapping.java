package dev.jbuild.core.exec;

import dev.jbuild.core.layer.OwnerMapping;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The user namespace mapping a step ran under: container ids to host ids, as in
 * {@code /proc/PID/uid_map}, and whether {@code setgroups} was allowed (the kernel forbids it
 * when an unprivileged user maps only itself). A file the step chowns to container uid 1000 is
 * owned on the host by {@link #hostUid(long) hostUid(1000)}.
 */
public record IdMapping(List<Range> uids, List<Range> gids, boolean setgroupsAllowed) {

    /** {@code size} consecutive ids from {@code containerId} inside map to ids from {@code hostId} outside. */
    public record Range(long containerId, long hostId, long size) {
        public Range {
            if (containerId < 0 || hostId < 0 || size <= 0 || containerId + size > MAX_IDS || hostId + size > MAX_IDS) {
                throw new IllegalArgumentException("invalid id range " + containerId + " " + hostId + " " + size);
            }
        }
    }

    /** The 32-bit id space minus the invalid id (uid_t)-1. */
    static final long MAX_IDS = 4294967295L;

    /** The overflow id the kernel shows for an owner a namespace does not map. */
    static final long NOBODY = 65534;

    public IdMapping {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
        if (uids.isEmpty() || gids.isEmpty()) {
            throw new IllegalArgumentException("a mapping needs at least one uid and one gid range");
        }
    }

    /** Every id maps to itself: what root uses, so ids inside and on the host agree. */
    public static IdMapping identity() {
        List<Range> all = List.of(new Range(0, 0, MAX_IDS));
        return new IdMapping(all, all, true);
    }

    /** One container uid and gid mapped to one host uid and gid, nothing else. */
    public static IdMapping single(long containerUid, long hostUid, long containerGid, long hostGid, boolean setgroups) {
        return new IdMapping(List.of(new Range(containerUid, hostUid, 1)), List.of(new Range(containerGid, hostGid, 1)),
                setgroups);
    }

    public OptionalLong hostUid(long containerUid) {
        return toHost(uids, containerUid);
    }

    public OptionalLong hostGid(long containerGid) {
        return toHost(gids, containerGid);
    }

    public OptionalLong containerUid(long hostUid) {
        return toContainer(uids, hostUid);
    }

    public OptionalLong containerGid(long hostGid) {
        return toContainer(gids, hostGid);
    }

    /**
     * This mapping as layers and file writers use it: a host owner outside the mapping reads as
     * nobody (65534), as the kernel shows it inside, and a container id outside it has no host id.
     */
    public OwnerMapping owners() {
        return new OwnerMapping() {
            @Override
            public long uid(long hostUid) {
                return containerUid(hostUid).orElse(NOBODY);
            }

            @Override
            public long gid(long hostGid) {
                return containerGid(hostGid).orElse(NOBODY);
            }

            @Override
            public long hostUid(long containerUid) {
                return IdMapping.this.hostUid(containerUid).orElse(UNMAPPED);
            }

            @Override
            public long hostGid(long containerGid) {
                return IdMapping.this.hostGid(containerGid).orElse(UNMAPPED);
            }
        };
    }

    /** Whether only a single id of each kind is mapped, so {@code chown} to other ids fails. */
    public boolean singleId() {
        return uids.size() == 1 && uids.get(0).size() == 1 && gids.size() == 1 && gids.get(0).size() == 1;
    }

    /** The text the kernel expects in {@code uid_map}. */
    public String uidMapText() {
        return text(uids);
    }

    /** The text the kernel expects in {@code gid_map}. */
    public String gidMapText() {
        return text(gids);
    }

    private static String text(List<Range> ranges) {
        return ranges.stream().map(r -> r.containerId() + " " + r.hostId() + " " + r.size())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static OptionalLong toHost(List<Range> ranges, long id) {
        for (Range r : ranges) {
            if (id >= r.containerId() && id < r.containerId() + r.size()) {
                return OptionalLong.of(r.hostId() + (id - r.containerId()));
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong toContainer(List<Range> ranges, long id) {
        for (Range r : ranges) {
            if (id >= r.hostId() && id < r.hostId() + r.size()) {
                return OptionalLong.of(r.containerId() + (id - r.hostId()));
            }
        }
        return OptionalLong.empty();
    }
}
