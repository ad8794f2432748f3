package io.pushgateway.provider;

import io.pushgateway.core.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The error → outcome table, read from {@code fcm-error-outcomes.csv} beside this class. It is
 * data so that a reviewer reads one file, and a test walks it row by row.
 */
public final class ErrorOutcomeTable {

    public record Row(Protocol protocol, String error, Outcome outcome) {
    }

    private static final String RESOURCE = "fcm-error-outcomes.csv";

    private final List<Row> rows;
    private final Map<String, Outcome> byKey = new HashMap<>();

    public ErrorOutcomeTable() {
        this.rows = load();
        rows.forEach(r -> byKey.put(key(r.protocol(), r.error()), r.outcome()));
    }

    public List<Row> rows() {
        return rows;
    }

    /** The outcome of {@code error}; anything the table does not know is a dead letter. */
    public Outcome outcomeOf(Protocol protocol, String error) {
        return byKey.getOrDefault(key(protocol, error), Outcome.DEAD_LETTER);
    }

    private static String key(Protocol protocol, String error) {
        return protocol.tableName() + "," + error;
    }

    private static List<Row> load() {
        try (InputStream in = ErrorOutcomeTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != 3) {
                    throw new IllegalStateException("Bad row in " + RESOURCE + ": " + line);
                }
                Protocol protocol = cells[0].equals("v1") ? Protocol.V1 : Protocol.LEGACY;
                rows.add(new Row(protocol, cells[1], Outcome.valueOf(cells[2])));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
