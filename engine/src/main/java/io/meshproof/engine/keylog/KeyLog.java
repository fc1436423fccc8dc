package io.meshproof.engine.keylog;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets of an NSS key log (the SSLKEYLOGFILE format): one {@code LABEL CLIENT_RANDOM SECRET} line per
 * secret, both values in hex, {@code #} comments and blank lines ignored. Lines that are malformed are
 * skipped and reported as {@link KeyLogWarning}s with their line number; labels of secrets meshproof does
 * not use (0-RTT, RSA pre-master) are skipped silently. Immutable; {@link #toString()} shows no secret.
 */
public final class KeyLog implements SecretStore {
    private static final int CLIENT_RANDOM_LENGTH = 32;
    // RFC 5246 8.1: the master secret is 48 bytes; RFC 8446 7.1: traffic secrets are Hash.length (32 or 48)
    private static final int MASTER_SECRET_LENGTH = 48;
    private static final Set<Integer> TRAFFIC_SECRET_LENGTHS = Set.of(32, 48);
    private static final Set<String> UNUSED_LABELS = Set.of("CLIENT_EARLY_TRAFFIC_SECRET", "EARLY_EXPORTER_SECRET",
            "RSA", "CLIENT_TRAFFIC_SECRET_1", "SERVER_TRAFFIC_SECRET_1");
    private static final int MAX_LABEL_SHOWN = 40;

    private final Map<String, SessionSecrets> byClientRandom;
    private final int lines;
    private final List<KeyLogWarning> warnings;

    private KeyLog(Map<String, SessionSecrets> byClientRandom, int lines, List<KeyLogWarning> warnings) {
        this.byClientRandom = Map.copyOf(byClientRandom);
        this.lines = lines;
        this.warnings = List.copyOf(warnings);
    }

    public static KeyLog empty() {
        return new KeyLog(Map.of(), 0, List.of());
    }

    /**
     * Reads a key log file; its source is {@code file NAME} with the name as given.
     *
     * @throws IOException when the file cannot be read; the message names the file
     */
    public static KeyLog read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (MalformedInputException e) {
            throw new IOException(file + ": not a key log (not UTF-8 text)", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read as a key log (" + e.getMessage() + ")", e);
        }
    }

    /**
     * True when {@code text} holds key log lines ({@code LABEL CLIENT_RANDOM SECRET} with a label of the format),
     * so that a key log given where other text was expected is named as such rather than quoted back, which
     * would show its secrets.
     */
    public static boolean looksLikeKeyLog(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).limit(20)
                .map(line -> line.split("\\s+"))
                .anyMatch(fields -> fields.length == 3 && (SecretLabel.find(fields[0]).isPresent()
                        || UNUSED_LABELS.contains(fields[0])));
    }

    /** Parses key log text whose secrets are said to come from {@code source} ("file NAME", "embedded"). */
    public static KeyLog parse(String text, String source) {
        Map<String, Map<SecretLabel, byte[]>> secrets = new HashMap<>();
        List<KeyLogWarning> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        int used = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = parseLine(line, secrets);
            if (problem == null) {
                used++;
            } else if (!problem.isEmpty()) {
                warnings.add(new KeyLogWarning(source, i + 1, problem));
            }
        }
        Map<String, SessionSecrets> byClientRandom = new HashMap<>();
        secrets.forEach((random, map) -> byClientRandom.put(random, new SessionSecrets(source, map)));
        return new KeyLog(byClientRandom, used, warnings);
    }

    /** Null when the line was used, "" when it was skipped on purpose, else what is wrong with it. */
    private static String parseLine(String line, Map<String, Map<SecretLabel, byte[]>> secrets) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3) {
            return "expected LABEL CLIENT_RANDOM SECRET, found " + fields.length
                    + (fields.length == 1 ? " field" : " fields") + "; line skipped";
        }
        Optional<SecretLabel> label = SecretLabel.find(fields[0]);
        if (label.isEmpty()) {
            return UNUSED_LABELS.contains(fields[0]) ? "" : "unknown label " + describeLabel(fields[0])
                    + "; line skipped";
        }
        byte[] random = decodeHex(fields[1]);
        if (random == null || random.length != CLIENT_RANDOM_LENGTH) {
            return "client random is not " + CLIENT_RANDOM_LENGTH * 2 + " hex digits (" + fields[1].length()
                    + " characters); line skipped";
        }
        byte[] secret = decodeHex(fields[2]);
        if (secret == null || !lengthFits(label.get(), secret.length)) {
            return label.get() == SecretLabel.CLIENT_RANDOM
                    ? "master secret is not " + MASTER_SECRET_LENGTH * 2 + " hex digits (" + fields[2].length()
                            + " characters); line skipped"
                    : "secret is not 64 or 96 hex digits (" + fields[2].length() + " characters); line skipped";
        }
        secrets.computeIfAbsent(fields[1].toLowerCase(java.util.Locale.ROOT),
                r -> new EnumMap<>(SecretLabel.class)).put(label.get(), secret);
        return null;
    }

    private static boolean lengthFits(SecretLabel label, int length) {
        return label == SecretLabel.CLIENT_RANDOM ? length == MASTER_SECRET_LENGTH
                : TRAFFIC_SECRET_LENGTHS.contains(length);
    }

    /** A label is shown only when it looks like one, so that a pasted secret never reaches the output. */
    private static String describeLabel(String text) {
        boolean labelLike = text.length() <= MAX_LABEL_SHOWN && text.chars()
                .allMatch(c -> c == '_' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
        return labelLike ? "'" + text + "'" : "(" + text.length() + " characters, not a label)";
    }

    private static byte[] decodeHex(String text) {
        if (text.length() % 2 != 0) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** This key log's secrets and the other's; where both name a connection, this one's come first. */
    public KeyLog merge(KeyLog other) {
        Map<String, SessionSecrets> merged = new HashMap<>(other.byClientRandom);
        merged.putAll(byClientRandom);
        List<KeyLogWarning> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(other.warnings);
        return new KeyLog(merged, lines + other.lines, allWarnings);
    }

    @Override
    public Optional<SessionSecrets> find(byte[] clientRandom) {
        return Optional.ofNullable(byClientRandom.get(HexFormat.of().formatHex(clientRandom)));
    }

    @Override
    public boolean isEmpty() {
        return byClientRandom.isEmpty();
    }

    /** How many connections this key log has secrets for. */
    public int connections() {
        return byClientRandom.size();
    }

    /** How many lines were used. */
    public int lines() {
        return lines;
    }

    /** The lines that were skipped, in order. */
    public List<KeyLogWarning> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "KeyLog[" + byClientRandom.size() + " connections, " + lines + " lines]";
    }
}
