package dev.jbuild.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads and writes the image documents of this package. Writing is deterministic (fields in
 * declaration order, map keys sorted, no whitespace) because a document's digest is the
 * hash of its bytes: the same image must serialise to the same digest every time. Fields
 * this model does not know are carried through unchanged.
 */
public final class ImageJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Unknown numeric fields must not lose digits on the way through.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private ImageJson() {
    }

    /** Parses a document of the given type. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new ImageJsonException("not a valid " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    /** Serialises a document to the bytes whose digest identifies it. */
    public static byte[] write(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new ImageJsonException("could not write " + document.getClass().getSimpleName() + ": " + message(e), e);
        }
    }

    /**
     * Parses whatever manifest-like document these bytes are, from the media type the
     * registry announced (may be null) or, failing that, the document's own
     * {@code mediaType} and shape (an OCI document may omit its media type).
     */
    public static ManifestDocument readManifest(byte[] json, String announcedMediaType) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ImageJsonException("manifest is not JSON: " + message(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ImageJsonException("manifest is not a JSON object");
        }
        String mediaType = tree.path("mediaType").asText(null);
        if (mediaType == null) {
            mediaType = announcedMediaType;
        }
        if (mediaType == null || "application/json".equals(mediaType)) {
            mediaType = tree.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
        }
        Class<? extends ManifestDocument> type = switch (mediaType) {
            case MediaType.OCI_MANIFEST -> ImageManifest.class;
            case MediaType.OCI_INDEX -> ImageIndex.class;
            case MediaType.DOCKER_MANIFEST -> DockerManifest.class;
            case MediaType.DOCKER_MANIFEST_LIST -> DockerManifestList.class;
            default -> throw new ImageJsonException("unsupported manifest media type '" + mediaType + "'");
        };
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new ImageJsonException("not a valid " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    private static String message(Exception e) {
        // Jackson's messages end with a long source excerpt; the first line says what and where.
        String text = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() + locationOf(jpe)
                : String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (" + cause.getMessage() + ")";
        }
        return text;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
