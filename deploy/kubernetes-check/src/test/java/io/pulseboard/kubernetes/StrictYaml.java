package io.pulseboard.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML into typed models and refuses what the model does not know. The fabric8 and Strimzi
 * models keep unknown fields in an "any setter" map (additionalProperties) so that a client can
 * round-trip newer objects; here that map is switched off, so an unknown field is an error that
 * names it and where it is. Scalars of the wrong type fail too, instead of being converted.
 */
final class StrictYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .annotationIntrospector(new NoAnySetter())
            // The API server does not convert scalars either: "3" is no number, 8080 no string.
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private StrictYaml() {}

    /** The documents of a YAML file (separated by ---), empty ones left out. */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(Files.newInputStream(file))) {
            List<JsonNode> documents = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (DatabindException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The tree as an instance of {@code type}.
     *
     * @throws IllegalArgumentException naming the unknown or mistyped field and its path, prefixed by {@code where}
     */
    static <T> T read(JsonNode tree, Class<T> type, String where) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (DatabindException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage() + " at " + path(e), e);
        }
    }

    /** The field path of a mapping error as in YAML: spec.template.spec.containers[0].name. */
    private static String path(DatabindException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "the top" : path.substring(path.startsWith(".") ? 1 : 0);
    }

    /** No any-setter: unknown fields reach FAIL_ON_UNKNOWN_PROPERTIES instead of a map. */
    private static final class NoAnySetter extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
            return Boolean.FALSE;
        }
    }
}
