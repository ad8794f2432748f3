package io.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the layout of the main code, read from its import lines: every package stands on a floor,
 * imports run only down, Camel is imported only where the routes meet Java, every package says what
 * it decides, and every bean the YAML names has its class in {@code route/} under that name.
 */
class HouseLayoutTest {

    private static final Path MAIN = Path.of("src/main/java/io/pushgateway");
    private static final Path ROUTES = Path.of("src/main/resources/routes");

    /**
     * The floors, from the ground up. A package imports only packages on lower floors; a new
     * package fails this test until it is given a floor here.
     */
    private static final Map<String, Integer> FLOORS = Map.ofEntries(
            // Shared words, settings, and parts that use nothing of ours.
            Map.entry("core", 1), Map.entry("config", 1), Map.entry("broker", 1),
            Map.entry("emulator", 1), Map.entry("demo", 1),
            // Small logic packages that need only the ground floor.
            Map.entry("metrics", 2), Map.entry("retry", 2), Map.entry("deadletter", 2),
            Map.entry("feedback", 2), Map.entry("topology", 2), Map.entry("realtime", 2),
            // The flow's logic: reading, sending, what results lead to.
            Map.entry("intake", 3), Map.entry("provider", 3), Map.entry("outcome", 3),
            // The beans the YAML calls, then the wiring that makes them.
            Map.entry("route", 4), Map.entry("", 5));

    /** Packages (by their top-level name under io.pushgateway) that may import org.apache.camel. */
    private static final Set<String> CAMEL_ALLOWED = Set.of("route", "broker", "");

    private static final Pattern OUR_IMPORT = Pattern.compile("^import (?:static )?io\\.pushgateway\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    private static final Pattern CAMEL_IMPORT = Pattern.compile("^import (?:static )?org\\.apache\\.camel\\.",
            Pattern.MULTILINE);

    @Test
    void everyImportRunsDownToALowerFloor() {
        List<String> upOrSideways = new ArrayList<>();
        for (Path file : javaFiles()) {
            String from = room(file);
            Matcher m = OUR_IMPORT.matcher(read(file));
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && floor(to) >= floor(from)) {
                    upOrSideways.add(MAIN.relativize(file) + " imports " + to + " (floor " + floor(to)
                            + " from floor " + floor(from) + ")");
                }
            }
        }
        assertThat(upOrSideways).isEmpty();
    }

    @Test
    void theHouseHasAtMostFiveFloors() {
        // Read from the imports, not the table: a room's floor is one above the highest room it imports.
        Map<String, Set<String>> imports = new java.util.HashMap<>();
        for (Path file : javaFiles()) {
            Set<String> to = imports.computeIfAbsent(room(file), r -> new TreeSet<>());
            Matcher m = OUR_IMPORT.matcher(read(file));
            while (m.find()) {
                if (!m.group(1).equals(room(file))) {
                    to.add(m.group(1));
                }
            }
        }
        Map<String, Integer> floors = new java.util.HashMap<>();
        int highest = imports.keySet().stream().mapToInt(r -> floorOf(r, imports, floors, new TreeSet<>())).max().orElse(0);
        assertThat(highest).isBetween(1, 5);
    }

    private static int floorOf(String room, Map<String, Set<String>> imports, Map<String, Integer> floors,
                               Set<String> visiting) {
        Integer known = floors.get(room);
        if (known != null) {
            return known;
        }
        assertThat(visiting.add(room)).as("a circle through %s", room).isTrue();
        int floor = 1 + imports.getOrDefault(room, Set.of()).stream()
                .mapToInt(r -> floorOf(r, imports, floors, visiting)).max().orElse(0);
        visiting.remove(room);
        floors.put(room, floor);
        return floor;
    }

    @Test
    void everyPackageHasAFloor() {
        Set<String> rooms = new TreeSet<>();
        javaFiles().forEach(f -> rooms.add(room(f)));
        assertThat(FLOORS.keySet()).containsAll(rooms);
    }

    @Test
    void onlyTheRouteBeansTheWiringAndTheBrokerComponentImportCamel() {
        List<String> outside = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (!CAMEL_ALLOWED.contains(room(file)) && CAMEL_IMPORT.matcher(read(file)).find()) {
                outside.add(MAIN.relativize(file).toString());
            }
        }
        assertThat(outside).isEmpty();
    }

    @Test
    void everyPackageSaysWhatItDecidesInItsPackageInfo() throws IOException {
        List<String> without = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            dirs.filter(Files::isDirectory)
                    .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java")))
                    .forEach(d -> without.add(d.toString()));
        }
        assertThat(without).isEmpty();
    }

    @Test
    void everyBeanTheRoutesNameIsARouteClassOfThatName() throws IOException {
        Pattern beanRef = Pattern.compile("^\\s*(?:ref|aggregationStrategy): *([A-Za-z]+)\\s*$", Pattern.MULTILINE);
        Set<String> beans = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROUTES)) {
            files.filter(f -> f.toString().endsWith(".camel.yaml")).forEach(f -> {
                Matcher m = beanRef.matcher(read(f));
                while (m.find()) {
                    beans.add(m.group(1));
                }
            });
        }
        assertThat(beans).contains("intake", "fcmSend", "tokenResults", "outcomes", "failures", "realtime");
        for (String bean : beans) {
            String className = Character.toUpperCase(bean.charAt(0)) + bean.substring(1);
            assertThat(MAIN.resolve("route").resolve(className + ".java"))
                    .as("bean %s is route/%s.java", bean, className).exists();
        }
    }

    /** The package a file belongs to, by its top-level name under io.pushgateway ("" for the root). */
    private static String room(Path file) {
        Path relative = MAIN.relativize(file);
        return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
    }

    private static int floor(String room) {
        Integer floor = FLOORS.get(room);
        return floor == null ? Integer.MAX_VALUE : floor;
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
