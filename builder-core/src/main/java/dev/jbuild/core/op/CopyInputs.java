package dev.jbuild.core.op;

import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.source.remote.FetchedSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What a COPY or ADD reads, found before its cache key is made: a checksum of the selected
 * content (never mtimes), and where the content is: the context directory, the layers of the
 * stage or image it copies from, and ADD's remote sources pinned to their digest or commit
 * (with the context paths that remain, in {@code localSources}).
 */
record CopyInputs(String checksum, Path contextDirectory, List<LayerBlob> sourceLayers,
        List<String> localSources, List<FetchedSource> fetched) {

    public CopyInputs {
        sourceLayers = List.copyOf(sourceLayers);
        localSources = List.copyOf(localSources);
        fetched = List.copyOf(fetched);
    }

    CopyInputs(String checksum, Path contextDirectory, List<LayerBlob> sourceLayers) {
        this(checksum, contextDirectory, sourceLayers, List.of(), List.of());
    }
}
