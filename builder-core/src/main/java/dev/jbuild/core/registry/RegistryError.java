package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a registry's error body, {@code {"errors":[{"code":"UNAUTHORIZED","message":…}]}}
 * as the distribution spec defines it; the code is what tells "not found" from "denied".
 */
public record RegistryError(String code, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The errors in a response body; empty if the body is not a distribution error document. */
    public static List<RegistryError> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return List.of();
        }
        if (tree == null || !tree.path("errors").isArray()) {
            return List.of();
        }
        List<RegistryError> errors = new ArrayList<>();
        for (JsonNode error : tree.path("errors")) {
            errors.add(new RegistryError(error.path("code").asText(""), error.path("message").asText("")));
        }
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code : code.isEmpty() ? message : code + ": " + message;
    }
}
