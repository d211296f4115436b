package io.dynsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Copies of the shipped mapping files (routes/mappings) that a test changes, as an operator would. */
public final class ShippedMappings {

    private ShippedMappings() {
    }

    /** Copies every mapping file into {@code dir}; the {@code sync.mappings} value for it. */
    public static String copy(Path dir) {
        return copy(dir, UnaryOperator.identity());
    }

    /** Copies every mapping file into {@code dir}, each changed by {@code everyFile}. */
    public static String copy(Path dir, UnaryOperator<String> everyFile) {
        try (Stream<Path> files = Files.list(Path.of("routes", "mappings"))) {
            for (Path file : files.toList()) {
                Files.writeString(dir.resolve(file.getFileName()), everyFile.apply(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "file:" + dir;
    }

    /** Changes one copied file; fails when the change leaves it as it was (the test would prove nothing). */
    public static void edit(Path dir, String file, UnaryOperator<String> change) {
        try {
            Path path = dir.resolve(file);
            String before = Files.readString(path);
            String after = change.apply(before);
            if (after.equals(before)) {
                throw new IllegalStateException(file + ": the edit changed nothing");
            }
            Files.writeString(path, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commented-out lines of leads.yaml and contacts.yaml that sync the owner and the contact's account
     * to Dynamics, switched on in place of their to-store lines.
     */
    public static String withLookupsToDynamics(String text) {
        return text.replaceAll("(?m)^  - \\{ from: _ownerid_value, to: owner_dynamics_id, target: systemuser }\\n", "")
                .replaceAll("(?m)^  - \\{ from: _parentcustomerid_value, to: company_dynamics_id, target: account }\\n", "")
                .replace("  #- { from: _ownerid_value", "  - { from: _ownerid_value")
                .replace("  #- { from: _parentcustomerid_value", "  - { from: _parentcustomerid_value");
    }
}
