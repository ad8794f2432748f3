package io.pushgateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configure / write / read patterns of the one {@code rabbitmqctl set_permissions} line in
 * docs/broker-security.md. Tests apply exactly what the document tells operators to run.
 */
record DocumentedPermissions(String configure, String write, String read) {

    static final Path DOCUMENT = Path.of("docs", "broker-security.md");

    private static final Pattern SINGLE_QUOTED = Pattern.compile("'([^']*)'");

    static DocumentedPermissions fromDocument() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DOCUMENT.toAbsolutePath(), e);
        }
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // The real-time channel's section grants browser users and the channel's extra rights.
            if (lines.get(i).startsWith("## Real-time channel")) {
                break;
            }
            if (lines.get(i).strip().startsWith("rabbitmqctl set_permissions")) {
                StringBuilder command = new StringBuilder(lines.get(i).strip());
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).strip());
                }
                commands.add(command.toString());
            }
        }
        if (commands.size() != 1) {
            throw new IllegalStateException(DOCUMENT + " must hold exactly one 'rabbitmqctl set_permissions' line, found "
                    + commands.size());
        }
        List<String> patterns = new ArrayList<>();
        Matcher m = SINGLE_QUOTED.matcher(commands.get(0));
        while (m.find()) {
            patterns.add(m.group(1));
        }
        if (patterns.size() != 3) {
            throw new IllegalStateException("expected three single-quoted patterns (configure, write, read) in: "
                    + commands.get(0));
        }
        return new DocumentedPermissions(patterns.get(0), patterns.get(1), patterns.get(2));
    }
}
