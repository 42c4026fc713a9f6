package dev.jbuild.core.export;

import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ImageRewrite} for what a build made: a single manifest as it does, or a multi-platform
 * index with each of its manifests rewritten and an index over them that keeps their platforms
 * (a Docker manifest list when the output wants Docker media types, as BuildKit writes one).
 */
final class IndexRewrite {

    private final ImageStore store;
    private final ImageRewrite.Options options;

    IndexRewrite(ImageStore store, ImageRewrite.Options options) {
        this.store = store;
        this.options = options;
    }

    /** The image with the options applied, written to the store; the same descriptor when nothing changes. */
    Descriptor apply(Descriptor image) throws IOException {
        ImageRewrite manifests = new ImageRewrite(store, options);
        if (!MediaType.isIndex(image.mediaType())) {
            return manifests.apply(image);
        }
        ImageIndex index = ImageJson.read(store.readBlob(image.digest()), ImageIndex.class);
        List<Descriptor> entries = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            Descriptor rewritten = manifests.apply(entry);
            entries.add(Descriptor.of(rewritten.mediaType(), rewritten.digest(), rewritten.size())
                    .withPlatform(entry.platform()));
        }
        String mediaType = options.ociMediaTypes() ? MediaType.OCI_INDEX : MediaType.DOCKER_MANIFEST_LIST;
        if (entries.equals(index.manifests()) && mediaType.equals(index.declaredMediaType())) {
            return image;
        }
        byte[] json = options.ociMediaTypes() ? ImageJson.write(ImageIndex.of(entries))
                : ImageJson.write(new DockerManifestList(2, MediaType.DOCKER_MANIFEST_LIST, entries, null));
        StoredBlob blob = store.blobs().write(new ByteArrayInputStream(json));
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }
}
