package io.pulseboard.model.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the tree of one JSON object from a streaming parser. Unlike {@code ObjectMapper.readTree}
 * it notices duplicate keys, which would otherwise silently keep one of the values, and it stops
 * building once the object runs past a byte budget, so that an oversized array element is read
 * through without being held in memory.
 */
final class TreeReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser json;
    private final long budgetEnd;
    private final boolean budgeted;
    private final Set<String> duplicates = new LinkedHashSet<>();
    private boolean overBudget;

    /** Reads from {@code json}; the object may end at byte offset {@code budgetEnd} at most. */
    TreeReader(JsonParser json, long budgetEnd) {
        this.json = json;
        this.budgetEnd = budgetEnd;
        this.budgeted = budgetEnd != Long.MAX_VALUE;
    }

    /**
     * Reads the object whose START_OBJECT is the current token, through its END_OBJECT. Returns
     * null if the object ran past the budget (it has still been read to its end).
     */
    ObjectNode readObject() throws IOException {
        JsonNode node = read(Path.ROOT);
        return overBudget ? null : (ObjectNode) node;
    }

    /** A violation for every key that appeared more than once in an object, by path. */
    List<Violation> duplicates() {
        return duplicates.stream()
                .map(path -> new Violation(path, "appears more than once; give each field once"))
                .toList();
    }

    private JsonNode read(Path path) throws IOException {
        // Asking for the location allocates: only where there is a budget.
        overBudget = overBudget || (budgeted && json.currentLocation().getByteOffset() > budgetEnd);
        return switch (json.currentToken()) {
            case START_OBJECT -> readFields(path);
            case START_ARRAY -> readElements(path);
            // Past the budget, strings are not materialised: the parser then skips them unbuffered.
            case VALUE_STRING -> overBudget ? null : NODES.textNode(json.getText());
            case VALUE_NUMBER_INT ->
                json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(json.getBigIntegerValue())
                        : NODES.numberNode(json.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(json.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("not at a JSON value: " + json.currentToken());
        };
    }

    private ObjectNode readFields(Path path) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            Path fieldPath = new Path(path, name, -1);
            json.nextToken();
            JsonNode value = read(fieldPath);
            if (overBudget) {
                continue;
            }
            if (object.has(name)) {
                duplicates.add(fieldPath.toString());
            } else {
                object.set(name, value);
            }
        }
        return object;
    }

    private ArrayNode readElements(Path path) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            JsonNode element = read(new Path(path, null, array.size()));
            if (!overBudget) {
                array.add(element);
            }
        }
        return array;
    }

    /**
     * Where a value is, as in messages ({@code tags.region}, {@code values[2]}); spelled out only
     * for a message, since almost every event has none.
     */
    private record Path(Path parent, String name, int index) {

        static final Path ROOT = new Path(null, null, -1);

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String above = parent.toString();
            return name == null
                    ? above + "[" + index + "]"
                    : (above.isEmpty() ? "" : above + ".") + Describe.unquoted(name);
        }
    }
}
