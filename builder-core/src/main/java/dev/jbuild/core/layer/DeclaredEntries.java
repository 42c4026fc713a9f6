package dev.jbuild.core.layer;

import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The owners and device nodes a tarball's own headers declare, by path, for writing a layer
 * from an unpacked copy of it that could not keep them: a process without root unpacks every
 * root-owned entry as its own, records other owners only where an attribute can hold them (not
 * on symlinks) and makes no device nodes. {@link LayerWriter#writeDirectory(Path, java.io.OutputStream,
 * DeclaredEntries)} takes each path's owner from here, and writes a device where the unpacked
 * tree holds the empty placeholder {@link #placeDevices} made. A hardlink declares what its
 * target does; a later entry for a path replaces an earlier one, as unpacking does. Root's
 * import and an ordinary user's thus write the same layer.
 */
public final class DeclaredEntries {

    /** Nothing declared: the unpacked tree says it all. */
    public static final DeclaredEntries NONE = new DeclaredEntries(Map.of());

    private final Map<LayerPath, TarEntry> byPath;

    private DeclaredEntries(Map<LayerPath, TarEntry> byPath) {
        this.byPath = byPath;
    }

    /** Reads the headers of a tarball (compressed or not); names the applier would refuse are left out. */
    public static DeclaredEntries read(Path tarball) throws IOException {
        Map<LayerPath, TarEntry> byPath = new HashMap<>();
        try (InputStream in = Compression.decompress(Files.newInputStream(tarball))) {
            TarReader reader = new TarReader(in);
            for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                LayerPath path = parseOrNull(entry.name());
                if (path == null || path.isRoot()) {
                    continue;
                }
                if (entry.type() == TarEntryType.HARDLINK) {
                    LayerPath target = parseOrNull(entry.linkName());
                    TarEntry declared = target == null ? null : byPath.get(target);
                    if (declared != null) {
                        byPath.put(path, declared);
                    }
                    continue;
                }
                byPath.put(path, entry);
            }
        }
        return new DeclaredEntries(byPath);
    }

    /**
     * Creates an empty regular file where a declared device node is missing from the unpacked
     * {@code root} (never through a symlink), for the layer writer to turn back into the device.
     */
    public void placeDevices(Path root) throws IOException {
        for (Map.Entry<LayerPath, TarEntry> declared : byPath.entrySet()) {
            if (!isDevice(declared.getValue())) {
                continue;
            }
            Path parent = root;
            boolean plain = true;
            for (String component : declared.getKey().parent().components()) {
                parent = parent.resolve(component);
                plain &= Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS);
            }
            Path placeholder = parent.resolve(declared.getKey().name());
            if (plain && !Files.exists(placeholder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(placeholder);
            }
        }
    }

    /**
     * {@code file} as the tarball declared it at {@code path}: its owner and time (a placeholder
     * changed its directory's), and a device for a placeholder.
     */
    SourceFile apply(LayerPath path, SourceFile file) {
        TarEntry declared = byPath.get(path);
        if (declared == null) {
            return file;
        }
        if (isDevice(declared) && file.type() == TarEntryType.FILE && file.size() == 0) {
            return new SourceFile(file.path(), declared.type(), declared.mode(), declared.uid(), declared.gid(), 0,
                    declared.mtime(), null, declared.devMajor(), declared.devMinor(), file.key(), file.linkCount(),
                    file.xattrs());
        }
        return new SourceFile(file.path(), file.type(), file.mode(), declared.uid(), declared.gid(), file.size(),
                declared.mtime(), file.linkTarget(), file.devMajor(), file.devMinor(), file.key(), file.linkCount(),
                file.xattrs());
    }

    private static boolean isDevice(TarEntry entry) {
        return entry.type() == TarEntryType.CHAR_DEVICE || entry.type() == TarEntryType.BLOCK_DEVICE;
    }

    private static LayerPath parseOrNull(String name) {
        try {
            return LayerPath.parse(name);
        } catch (UnsafeLayerEntryException | IllegalArgumentException e) {
            return null;
        }
    }
}
