package radlab.experiment.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import radlab.spec.SpecHash;

/**
 * The stored form of a {@link ResultRow}: JSON {@code {"format", "hash", "checksum", "cells": [[name, type, text]...]}}
 * with type d (double), l (long) or s (string). Numbers are stored as Java's shortest exact decimal text (so NaN and
 * ±Infinity survive and doubles come back bit for bit), and the checksum is the SHA-256 of the cells' JSON text, so
 * a truncated, edited or mixed-up file is detected on reading rather than loaded.
 */
public final class RowCodec {
    public static final String FORMAT = "radlab-sweep-row/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A row file that cannot be used, and why. */
    public static final class CorruptRowException extends Exception {
        public CorruptRowException(String reason) {
            super(reason);
        }
    }

    private RowCodec() {}

    public static String encode(String hash, ResultRow row) {
        ArrayNode cells = MAPPER.createArrayNode();
        for (Map.Entry<String, Object> e : row.cells().entrySet()) {
            Object v = e.getValue();
            String type = v instanceof Double ? "d" : v instanceof Long ? "l" : "s";
            cells.addArray().add(e.getKey()).add(type).add(String.valueOf(v));
        }
        ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT).put("hash", hash).put("checksum", SpecHash.sha256(cells.toString()));
        root.set("cells", cells);
        return root.toString() + "\n";
    }

    /** Decodes a row stored under {@code expectedHash}; any inconsistency is a {@link CorruptRowException}. */
    public static ResultRow decode(String text, String expectedHash) throws CorruptRowException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CorruptRowException("not valid JSON (truncated?)");
        }
        if (root == null || !root.isObject()) throw new CorruptRowException("not a row object");
        if (!FORMAT.equals(root.path("format").asText())) throw new CorruptRowException("unknown format '" + root.path("format").asText() + "'");
        if (!expectedHash.equals(root.path("hash").asText())) throw new CorruptRowException("holds point " + root.path("hash").asText());
        JsonNode cells = root.get("cells");
        if (cells == null || !cells.isArray()) throw new CorruptRowException("no cells");
        if (!SpecHash.sha256(cells.toString()).equals(root.path("checksum").asText())) throw new CorruptRowException("checksum mismatch");
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = cells.elements(); it.hasNext(); ) {
            JsonNode c = it.next();
            String name = c.path(0).asText(), type = c.path(1).asText(), value = c.path(2).asText();
            try {
                m.put(name, switch (type) {
                    case "d" -> Double.parseDouble(value);
                    case "l" -> Long.parseLong(value);
                    case "s" -> value;
                    default -> throw new CorruptRowException("cell " + name + " has unknown type " + type);
                });
            } catch (NumberFormatException e) {
                throw new CorruptRowException("cell " + name + " is not a number: " + value);
            }
        }
        return new ResultRow(m);
    }
}
