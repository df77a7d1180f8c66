package org.cpmmss.james.http;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON object from a request, with typed accessors whose errors are 400 problems naming the member. */
final class JsonBody {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final ObjectNode node;
    private final String where;

    private JsonBody(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    static JsonBody parse(byte[] body, String where) {
        if (body.length == 0) {
            throw ApiProblem.badRequest("The request body is empty; send a JSON object.");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiProblem.badRequest("The body could not be read as JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiProblem.badRequest("The body must be a JSON object.");
        }
        return new JsonBody((ObjectNode) tree, where);
    }

    ObjectNode node() {
        return node;
    }

    Iterator<String> names() {
        return node.fieldNames();
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    String text(String name) {
        return optText(name).orElseThrow(() -> ApiProblem.badRequest(where + ": '" + name + "' is required."));
    }

    Optional<String> optText(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must be a string.");
        }
        if (value.asText().isBlank()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must not be empty.");
        }
        return Optional.of(value.asText());
    }

    boolean bool(String name, boolean fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must be true or false.");
        }
        return value.asBoolean();
    }

    /** A string or an array of strings. */
    Optional<List<String>> optTexts(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        if (value.isTextual()) {
            values.add(value.asText());
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw ApiProblem.badRequest(where + ": '" + name + "' must hold non-empty strings.");
                }
                values.add(item.asText());
            }
        } else {
            throw ApiProblem.badRequest(where + ": '" + name + "' must be a string or an array of strings.");
        }
        return Optional.of(values);
    }

    List<String> texts(String name) {
        List<String> values = optTexts(name).orElseThrow(() -> ApiProblem.badRequest(where + ": '" + name + "' is required."));
        if (values.isEmpty()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must not be empty.");
        }
        return values;
    }

    /** An RFC 3339 date-time (RFC 5322 accepted too). */
    Optional<OffsetDateTime> optDateTime(String name) {
        return optText(name).map(value -> {
            try {
                return CpmDates.parseDateTime(value);
            } catch (CpmFormatException e) {
                try {
                    return CpmDates.parseMailDate(value);
                } catch (CpmFormatException e2) {
                    throw ApiProblem.badRequest(where + ": '" + name + "' must be an RFC 3339 date-time such as "
                        + "2024-05-01T10:15:30+02:00, not '" + value + "'.");
                }
            }
        });
    }

    Optional<byte[]> optBase64(String name) {
        return optText(name).map(value -> {
            try {
                return Base64.getMimeDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(where + ": '" + name + "' is not valid base64.");
            }
        });
    }

    Optional<JsonBody> optObject(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must be an object.");
        }
        return Optional.of(new JsonBody((ObjectNode) value, where + "." + name));
    }

    List<JsonBody> objects(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiProblem.badRequest(where + ": '" + name + "' must be an array of objects.");
        }
        List<JsonBody> items = new ArrayList<>();
        int i = 0;
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw ApiProblem.badRequest(where + ": '" + name + "[" + i + "]' must be an object.");
            }
            items.add(new JsonBody((ObjectNode) item, where + "." + name + "[" + i + "]"));
            i++;
        }
        return items;
    }
}
