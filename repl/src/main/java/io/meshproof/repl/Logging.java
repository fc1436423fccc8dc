package io.meshproof.repl;

/**
 * Sets the log level before any logger exists: warnings only, unless {@code -v} (debug) or {@code -vv} or
 * {@code -v -v} (trace) is on the command line, before or after the command's name. Libraries' start-up chatter
 * stays below the default level.
 */
final class Logging {
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    static void configure(String[] args) {
        int verbosity = 0;
        for (String arg : args) {
            if (arg.equals("--verbose")) {
                verbosity++;
            } else if (arg.matches("-v+")) {
                verbosity += arg.length() - 1;
            }
        }
        String level = verbosity == 0 ? "warn" : verbosity == 1 ? "debug" : "trace";
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, level);
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // -v is about meshproof's own work; the rule engine's internals appear only at -vv.
        if (!level.equals("trace")) {
            System.setProperty("org.slf4j.simpleLogger.log.org.drools", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.kie", "warn");
        }
        // Netty logs, with stack traces, how it probed the JVM at start; nothing a user can act on.
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    }
}
