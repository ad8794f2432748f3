package io.pushgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The gateway's settings as the benchmark starts it: the defaults of the application.yaml it was
 * built with (read from the class path, which holds the gateway's classes), overridden by the
 * benchmark's {@code --set} values. So a figure that depends on a setting (the emulator ceiling's
 * calls in flight: {@code push.fcm.concurrency}) follows the gateway's defaults when they change.
 */
final class GatewaySettings {

    private final Map<String, String> defaults;
    private final Map<String, String> sets;

    private GatewaySettings(Map<String, String> defaults, Map<String, String> sets) {
        this.defaults = defaults;
        this.sets = sets;
    }

    /** application.yaml of the class path (empty when absent), overridden by {@code sets} (a live view). */
    static GatewaySettings load(Map<String, String> sets) {
        Map<String, String> flat = new LinkedHashMap<>();
        try (InputStream in = GatewaySettings.class.getClassLoader().getResourceAsStream("application.yaml")) {
            if (in != null) {
                for (Object document : new Yaml().loadAll(in)) {
                    flatten("", document, flat);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("(cannot read the gateway's application.yaml: " + e.getMessage() + "; built-in fallbacks used)");
        }
        return new GatewaySettings(flat, sets);
    }

    /** The value the gateway runs with: the --set value, else application.yaml's, else {@code fallback}. */
    String get(String key, String fallback) {
        String value = sets.get(key);
        if (value == null || value.isBlank()) {
            value = defaults.get(key);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int intValue(String key, int fallback) {
        try {
            return Integer.parseInt(get(key, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Where the value of {@code key} comes from: "--set", "application.yaml" or "fallback". */
    String source(String key) {
        if (sets.containsKey(key) && !sets.get(key).isBlank()) {
            return "--set";
        }
        return defaults.containsKey(key) && !defaults.get(key).isBlank() ? "application.yaml" : "fallback";
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (!prefix.isEmpty()) {
            out.put(prefix, node == null ? "" : String.valueOf(node));
        }
    }
}
