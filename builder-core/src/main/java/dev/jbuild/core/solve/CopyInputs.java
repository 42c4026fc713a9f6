package dev.jbuild.core.solve;

import dev.jbuild.core.layer.LayerBlob;
import java.nio.file.Path;
import java.util.List;

/**
 * What a COPY or ADD reads, found before its cache key is made: a checksum of the selected
 * content (never mtimes), and where the content is: the context directory, or the layers of the
 * stage or image it copies from.
 */
public record CopyInputs(String checksum, Path contextDirectory, List<LayerBlob> sourceLayers) {

    static final CopyInputs NONE = new CopyInputs("", null, List.of());

    public CopyInputs {
        sourceLayers = List.copyOf(sourceLayers);
    }
}
