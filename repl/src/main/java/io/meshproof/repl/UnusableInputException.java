package io.meshproof.repl;

import java.util.List;

/**
 * Input the user must fix: each message is complete, names the file and says why, and is printed on a line
 * of its own without a stack trace. Exits with {@link ExitCodes#UNUSABLE_INPUT}.
 */
final class UnusableInputException extends Exception {
    private final List<String> messages;

    UnusableInputException(String message) {
        this(List.of(message));
    }

    /** Several problems found at once, e.g. every capture that cannot be opened; at least one. */
    UnusableInputException(List<String> messages) {
        super(String.join("; ", messages));
        this.messages = List.copyOf(messages);
    }

    /** The problems, one line each. */
    List<String> messages() {
        return messages;
    }
}
