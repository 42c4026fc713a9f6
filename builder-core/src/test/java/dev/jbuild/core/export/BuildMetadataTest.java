package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metadata-file} has buildx's keys, in buildx's order. */
class BuildMetadataTest {

    private static final Descriptor MANIFEST = Descriptor.of(MediaType.OCI_MANIFEST,
            Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8)), 481);
    private static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void metadataFileHasBuildxKeys() throws Exception {
        Path file = dir.resolve("metadata.json");
        new BuildMetadata(MANIFEST, CONFIG, List.of("docker.io/library/a:1", "docker.io/library/b:2"),
                Optional.of("jbuild/local/abc")).write(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("buildx.build.ref", "containerimage.config.digest", "containerimage.descriptor",
                "containerimage.digest", "image.name"), iterable(json));
        assertEquals(MANIFEST.digest().toString(), json.get("containerimage.digest").asText());
        assertEquals(CONFIG.toString(), json.get("containerimage.config.digest").asText());
        assertEquals(MediaType.OCI_MANIFEST, json.at("/containerimage.descriptor/mediaType").asText());
        assertEquals(MANIFEST.digest().toString(), json.at("/containerimage.descriptor/digest").asText());
        assertEquals(481, json.at("/containerimage.descriptor/size").asLong());
        assertEquals("docker.io/library/a:1,docker.io/library/b:2", json.get("image.name").asText());
        assertEquals('\n', Files.readString(file).charAt(Files.readString(file).length() - 1));
        // Go's json.MarshalIndent layout, which CI scripts grep
        assertTrue(Files.readString(file).contains("\n  \"containerimage.digest\": \"" + MANIFEST.digest() + "\",\n"),
                Files.readString(file));
        assertTrue(Files.readString(file).contains("\n  \"containerimage.descriptor\": {\n    \"mediaType\": "),
                Files.readString(file));
    }

    @Test
    void buildRefsHaveBuildxsThreePartsAndDiffer() {
        String one = BuildMetadata.newBuildRef();
        assertTrue(one.matches("jbuild/local/[0-9a-z]{25}"), one);
        assertNotEquals(one, BuildMetadata.newBuildRef());
    }

    @Test
    void anUnnamedBuildHasNoImageName() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new BuildMetadata(MANIFEST, CONFIG, List.of(), Optional.empty()).toJson());
        assertFalse(json.has("image.name"));
        assertFalse(json.has("buildx.build.ref"));
    }

    private static List<String> iterable(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
