package dev.jbuild.core.layer;

/**
 * A layer entry would land outside the root it is applied to (or is malformed in a way
 * that could), so the layer was refused. Nothing is ever written outside the root.
 */
public final class UnsafeLayerEntryException extends LayerException {
    private final String entryName;

    public UnsafeLayerEntryException(String entryName, String reason) {
        super("refused layer entry '" + entryName + "': " + reason);
        this.entryName = entryName;
    }

    /** The entry's name as it appears in the tar. */
    public String entryName() {
        return entryName;
    }
}
