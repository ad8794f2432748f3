package io.pushgateway.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks a Camel YAML route file the way the build should: against the YAML DSL's JSON schema
 * (unknown steps and EIP options), then by loading it into a CamelContext (the DSL's own parser).
 * Endpoint URI options are checked when the gateway starts, which the end-to-end tests do.
 */
public final class RouteFileValidator {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCHEMA = loadSchema();

    private RouteFileValidator() {
    }

    /** Problems found in {@code yaml}; empty when the file is fine. */
    public static List<String> problems(String name, String yaml) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            Set<ValidationMessage> messages = SCHEMA.validate(tree);
            if (!messages.isEmpty()) {
                return messages.stream().map(m -> name + ": " + m.getMessage()).sorted().collect(Collectors.toList());
            }
        } catch (Exception e) {
            return List.of(name + ": not YAML: " + e.getMessage());
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            var resource = ResourceHelper.fromString(name.endsWith(".yaml") ? name : name + ".camel.yaml", yaml);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            return List.of();
        } catch (Exception e) {
            return List.of(name + ": " + e.getMessage());
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Camel YAML DSL schema", e);
        }
    }
}
