package dev.jbuild.core.context;

import dev.jbuild.core.layer.RootlessOwnership;

/**
 * Which extended attributes travel with a file into an image, and so into a checksum and a
 * copy: file capabilities and user attributes. Not SELinux labels or ACLs (host policy, not
 * image content), not overlayfs's private attributes, and not the rootless ownership record,
 * which stands for the owner rather than being content. The same choice the layer writer makes.
 */
public final class CarriedXattrs {

    private CarriedXattrs() {
    }

    public static boolean carried(String name) {
        if (name.equals("security.capability")) {
            return true;
        }
        return name.startsWith("user.") && !name.startsWith("user.overlay.") && !name.equals(RootlessOwnership.XATTR);
    }
}
